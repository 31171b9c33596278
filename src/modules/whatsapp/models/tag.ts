import { model } from "@medusajs/framework/utils"
import WhatsappCustomerTag from "./customer-tag"

/** A customer tag. "auto" tags are owned by recomputation; "manual" ones only by people. */
const WhatsappTag = model
  .define("whatsapp_tag", {
    id: model.id({ prefix: "watag" }).primaryKey(),
    name: model.text(),
    kind: model.enum(["auto", "manual"]).default("manual"),
    description: model.text().nullable(),
    customers: model.hasMany(() => WhatsappCustomerTag, { mappedBy: "tag" }),
  })
  .indexes([{ on: ["name"], unique: true }])

export default WhatsappTag
