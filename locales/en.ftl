# 直通车 — English (falls back to zh-CN key by key).

app-name = Trade Facilitation Through-Train
app-short = Through-Train
commitment-line = Grade-A issues: first response within 2 working hours, resolved within 1 working day

port-qianwan = Qianwan Port Area
port-dagang = Dagang Port Area
port-huangdao = Huangdao Port Area
port-dongjiakou = Dongjiakou Port Area
port-airport = Jiaodong International Airport
port-rail = Jiaozhou Rail Container Terminal
port-other = Other port

dept-customs = Customs
dept-port_office = Port Office
dept-maritime = Maritime Safety
dept-border = Border Inspection
dept-tax = Taxation
dept-forex = Foreign Exchange
dept-commerce = Commerce
dept-port_operator = Port Operator
dept-market_regulation = Market Regulation
dept-ftz_center = FTZ Enterprise Center

category-basic = Frequent basic question
category-consult = General consultation
category-practice = Customs practice issue
category-innovation = Innovation request

channel-web = Online portal
channel-wechat = WeChat account
channel-hotline = Hotline
channel-visit = Visit or forum
channel-survey = Survey
channel-referral = Referred from above

status-submitted = Received, awaiting grading
status-triaged = Graded, awaiting handling
status-in_progress = In progress
status-needs_info = Waiting for your information
status-answered = Answered
status-closed = Closed
status-merged = Merged into a batch of similar issues
status-reopened = Under rectification

event-submitted = You submitted the issue; it was received

field-enterprise_name = Company name
field-uscc = Unified social credit code
field-contact_name = Contact person
field-contact_phone = Mobile phone
field-port = Port
field-title = Title
field-description = Description
field-channel = Channel

hint-enterprise_name = As on the business licence
hint-uscc = The 18-character code on the business licence
hint-contact_name = How staff should address you
hint-contact_phone = Only used to contact you, never shown
hint-port = Where the goods are or the business is done
hint-channel = Online portal or WeChat
hint-title = One line, e.g. "Ship-side pickup containers went to the yard"
hint-description = B/L, declaration and container numbers and times make it faster
placeholder-port = Choose a port

err-required = Please fill in { $field }
err-too-short = { $field } needs at least { $min } characters
err-too-long = { $field } allows at most { $max } characters
err-uscc-length = The credit code has 18 characters; please check your business licence (now { $n })
err-uscc-char = Character { $pos } "{ $char }" never appears in a credit code (no I, O, S, V, Z)
err-uscc-division = Characters 3 to 8 are the area code and must be digits
err-uscc-check = The credit code's check character does not match; one character is probably mistyped
err-phone-length = A mobile number has 11 digits (now { $n })
err-phone-digits = A mobile number contains digits only
err-phone-prefix = Please enter an 11-digit mobile number starting with 1
err-port = Please choose a port from the list
err-channel = Only staff may register cases from this channel

api-invalid-json = The request could not be read; please reload and try again
api-body-too-large = The request is larger than 64 KB; please shorten the description
api-unsupported-media-type = Please send JSON
api-not-found = No such address
api-method-not-allowed = This method is not allowed here
api-validation = Some fields need changes; see the note under each
api-idempotency-missing = The Idempotency-Key header is missing
api-idempotency-malformed = Idempotency-Key must be 8 to 128 letters, digits, "-" or "_"
api-idempotency-reused = This Idempotency-Key was already used for a different issue
api-case-not-found = No such case; please check the QR code or link
api-internal = The service is busy; your text is kept, please try again shortly

home-report-glyph = !
home-track-glyph = ?
home-policy-glyph = §
home-report = Report an issue
home-report-desc = One minute; get a case number and QR code
home-track = Track progress
home-track-desc = Scan the receipt QR or enter the number
home-policy = Policies
home-policy-desc = Explanations, Q&A handbook, port fees
home-footer = Qingdao port trade facilitation service

report-title = Report an issue
report-intro = Fields marked * are required. The draft is saved on this device.
report-section-enterprise = Company
report-section-problem = The issue
report-submit = Submit
report-submitting = Submitting…
report-retry = Network unstable, submit again
report-draft-saved = Draft saved
report-count = { $n }/{ $max }
report-network-error = The connection dropped. Your text is kept; tap "submit again" later, it will not be filed twice
report-fix-fields = Some fields need changes; see the note under each
report-clear = Clear draft

receipt-title = Received
receipt-desc = We have your issue. Keep the case number and QR code; scan it to see progress.
receipt-case-no = Case number
receipt-qr-alt = QR code for the case status
receipt-save-hint = Long-press the QR code to save it, or take a screenshot
receipt-copy = Copy status link
receipt-copied = Copied
receipt-copy-failed = Could not copy; long-press the link to copy it
receipt-view-status = View progress
receipt-print = Print receipt
receipt-submitted-at = Submitted
receipt-missing = Receipt not found; look the case up by its number

status-title = Case progress
status-loading = Looking up your case…
status-not-found-title = Case not found
status-not-found-desc = The link may be incomplete; scan the receipt QR code again or look up by case number.
status-error = Lookup failed; check the network and retry
status-case-no = Case number
status-state = Status
status-submitted-at = Submitted
status-enterprise = Company
status-contact = Contact
status-port = Port
status-department = Handled by
status-due = Due by
status-pending = Set once graded
status-your-words = Your report
status-timeline = History

common-loading = Loading…
common-retry = Retry
common-back-home = Home
common-required-mark = *
