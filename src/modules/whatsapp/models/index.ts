/** Every data model of the module, in the order MedusaService generates their CRUD. */
import WhatsappContact from "./contact"
import WhatsappCustomerTag from "./customer-tag"
import WhatsappMessage from "./message"
import WhatsappTag from "./tag"
import WhatsappTemplate from "./template"
import WhatsappWebhookReceipt from "./webhook-receipt"
import WhatsappSetting from "./setting"
import WhatsappNotification from "./notification"
import WhatsappNotificationMapping from "./notification-mapping"
import WhatsappCustomerMetric from "./customer-metric"
import WhatsappSegment from "./segment"
import WhatsappReplyRule from "./reply-rule"
import WhatsappFaq from "./faq"
import WhatsappConversation from "./conversation"
import WhatsappDiscountCode from "./discount-code"
import WhatsappCampaign from "./campaign"
import WhatsappCampaignRecipient from "./campaign-recipient"
import WhatsappCampaignEvent from "./campaign-event"

export const WHATSAPP_MODELS = {
  WhatsappContact,
  WhatsappCustomerTag,
  WhatsappMessage,
  WhatsappTag,
  WhatsappTemplate,
  WhatsappWebhookReceipt,
  WhatsappSetting,
  WhatsappNotification,
  WhatsappNotificationMapping,
  WhatsappCustomerMetric,
  WhatsappSegment,
  WhatsappReplyRule,
  WhatsappFaq,
  WhatsappConversation,
  WhatsappDiscountCode,
  WhatsappCampaign,
  WhatsappCampaignRecipient,
  WhatsappCampaignEvent,
}
