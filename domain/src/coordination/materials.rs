//! The materials an enterprise may be asked for (一次性告知), by category: a request for
//! information is a checklist picked from its case's category's list. Codes only; each label is
//! the locale key `worker-material-<code>` (the Worker writes the request's text; the console has
//! its own `console-material-<code>`).

use super::code_enum;
use crate::taxonomy::Category;

code_enum!(
    Material, "worker-material" {
        BusinessLicense = "business_license",
        DeclarationNumber = "declaration_number",
        BillOfLading = "bill_of_lading",
        ContainerNumber = "container_number",
        SystemScreenshot = "system_screenshot",
        PolicyReference = "policy_reference",
        GoodsDescription = "goods_description",
        HsCode = "hs_code",
        TradeMode = "trade_mode",
        DeclarationForm = "declaration_form",
        CommercialInvoice = "commercial_invoice",
        PackingList = "packing_list",
        TradeContract = "trade_contract",
        CertificateOfOrigin = "certificate_of_origin",
        InspectionCertificate = "inspection_certificate",
        CustomsNotice = "customs_notice",
        DutyPaymentForm = "duty_payment_form",
        FeeReceipt = "fee_receipt",
        PowerOfAttorney = "power_of_attorney",
        Proposal = "proposal",
        BusinessModel = "business_model",
        LegalBasis = "legal_basis",
        VolumeEstimate = "volume_estimate",
        Precedent = "precedent",
        /// Anything else: the request's note says what.
        Other = "other",
    }
);

use Material::*;

/// 高频基础问题: identify the shipment or the screen the question is about.
const BASIC: &[Material] = &[
    BusinessLicense,
    DeclarationNumber,
    BillOfLading,
    ContainerNumber,
    SystemScreenshot,
    Other,
];

/// 共性咨询问题: which policy, which goods.
const CONSULT: &[Material] = &[
    BusinessLicense,
    PolicyReference,
    GoodsDescription,
    HsCode,
    TradeMode,
    Other,
];

/// 海关实务问题: the documents of the shipment and what the authorities sent.
const PRACTICE: &[Material] = &[
    BusinessLicense,
    DeclarationNumber,
    DeclarationForm,
    BillOfLading,
    ContainerNumber,
    CommercialInvoice,
    PackingList,
    TradeContract,
    CertificateOfOrigin,
    InspectionCertificate,
    CustomsNotice,
    DutyPaymentForm,
    FeeReceipt,
    PowerOfAttorney,
    SystemScreenshot,
    Other,
];

/// 创新性问题: the proposal and what it rests on.
const INNOVATION: &[Material] = &[
    BusinessLicense,
    Proposal,
    BusinessModel,
    LegalBasis,
    VolumeEstimate,
    Precedent,
    Other,
];

/// The materials a case of `category` may be asked for, in the order the console lists them.
pub fn for_category(category: Category) -> &'static [Material] {
    match category {
        Category::Basic => BASIC,
        Category::Consult => CONSULT,
        Category::Practice => PRACTICE,
        Category::Innovation => INNOVATION,
    }
}

impl Material {
    /// Whether a case of `category` may ask for this.
    pub fn fits(self, category: Category) -> bool {
        for_category(category).contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_material_is_in_some_list_and_lists_have_no_repeats() {
        for &m in Material::ALL {
            assert_eq!(Material::parse(m.code()), Some(m));
            assert!(Category::ALL.iter().any(|c| m.fits(*c)), "{m:?}");
        }
        for &c in Category::ALL {
            let list = for_category(c);
            let mut sorted = list.to_vec();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "{c:?}");
            assert_eq!(list.last(), Some(&Other), "{c:?}");
            assert!(list.len() >= 5);
        }
        assert!(HsCode.fits(Category::Consult) && !HsCode.fits(Category::Basic));
        assert_eq!(
            serde_json::to_string(&CertificateOfOrigin).unwrap(),
            "\"certificate_of_origin\""
        );
        assert_eq!(Proposal.label_key(), "worker-material-proposal");
    }
}
