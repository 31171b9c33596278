import { model } from "@medusajs/framework/utils"
import WhatsappTag from "./tag"

/** customer ↔ tag. source says who put it there, so recomputation never removes a manual tag. */
const WhatsappCustomerTag = model
  .define("whatsapp_customer_tag", {
    id: model.id({ prefix: "wactg" }).primaryKey(),
    customer_id: model.text(),
    source: model.enum(["auto", "manual"]).default("manual"),
    tag: model.belongsTo(() => WhatsappTag, { mappedBy: "customers" }),
  })
  .indexes([{ on: ["customer_id", "tag_id"], unique: true }, { on: ["tag_id"] }])

export default WhatsappCustomerTag
