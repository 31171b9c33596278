import { model } from "@medusajs/framework/utils"

/** A canned answer (shipping time, returns, payment…), used by rules and inserted by agents. */
const WhatsappFaq = model.define("whatsapp_faq", {
  id: model.id({ prefix: "wafaq" }).primaryKey(),
  title: model.text(),
  answer: model.text(),
  language: model.text().default("th"),
})

export default WhatsappFaq
