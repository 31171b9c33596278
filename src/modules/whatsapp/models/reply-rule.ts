import { model } from "@medusajs/framework/utils"

/** A merchant's keyword auto-reply: what to match (any language) and what to do. */
const WhatsappReplyRule = model
  .define("whatsapp_reply_rule", {
    id: model.id({ prefix: "warul" }).primaryKey(),
    name: model.text(),
    keywords: model.json(),
    match_mode: model.enum(["exact", "contains", "fuzzy", "regex"]).default("contains"),
    fuzzy_threshold: model.float().nullable(),
    priority: model.number().default(100),
    enabled: model.boolean().default(true),
    active_hours: model.json().nullable(),
    /** Quick-reply payloads that trigger the rule (a campaign's "YES"). */
    payloads: model.json().nullable(),
    campaign_id: model.text().nullable(),
    /** [{ type: "reply_text" | "reply_template" | "issue_discount" | "add_tag" | "remove_tag" | "opt_out" | "opt_in" | "handover" | "faq", … }] */
    actions: model.json(),
  })
  .indexes([{ on: ["enabled", "priority"] }])

export default WhatsappReplyRule
