-- The privacy notice a case's contact agreed to (个人信息保护法 art. 14, 17): its published
-- version (domain::consent). Filed by the enterprise: the version it ticked; keyed in by staff:
-- the version the officer confirms the caller was told. NULL for cases filed before the notice.
ALTER TABLE cases ADD COLUMN consent_notice TEXT;
