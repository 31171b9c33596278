// Templates and campaign inputs several specs share. The sandbox serves the templates
// (createSandbox({ templates })); the plugin syncs them with syncTemplates().

const PROMO_BODY = { type: "BODY", text: "สวัสดีคุณ {{1}} ใช้โค้ด {{2}} รับส่วนลด", example: { body_text: [["สมชาย", "SUMMER10"]] } }
const YES_BUTTON = { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "YES" }] }

/** summer_promo (th, MARKETING): body {{1}} name, {{2}} code, and a YES quick reply. */
export const PROMO = { name: "summer_promo", language: "th", category: "MARKETING", components: [PROMO_BODY, YES_BUTTON] }
/** summer_promo with a footer between the body and the button. */
export const PROMO_WITH_FOOTER = { ...PROMO, components: [PROMO_BODY, { type: "FOOTER", text: "Test Store" }, YES_BUTTON] }
/** summer_promo with its body only. */
export const PROMO_BODY_ONLY = { ...PROMO, components: [PROMO_BODY] }

/** summer_promo's parameters: the customer's first name (or ลูกค้า), the campaign's code. */
export const PROMO_PARAMS = [
  { component: "body", source: "customer.first_name", fallback: "ลูกค้า" },
  { component: "body", source: "campaign.discount_code" },
]

/** A campaign draft on summer_promo with the code SUMMER10. */
export const PROMO_CAMPAIGN = {
  name: "Crash",
  template_name: "summer_promo",
  template_language: "th",
  discount_code: "SUMMER10",
  parameters: PROMO_PARAMS,
}
