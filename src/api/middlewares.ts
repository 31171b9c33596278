import { authenticate, defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { StoreConsentQuerySchema, StoreConsentSchema, StoreOptOutSchema } from "./store/whatsapp/validators"
import {
  CampaignActionSchema,
  CampaignRecipientsQuerySchema,
  CampaignSettingsBodySchema,
  CreateCampaignSchema,
  EstimateCampaignSchema,
  PreviewCampaignSchema,
  SendTimesPreviewSchema,
  TestSendCampaignSchema,
} from "./admin/whatsapp/campaigns/validators"
import { ConsentEventsQuerySchema, CreateTemplateSchema, NotificationMappingSchema, SetConsentSchema } from "./admin/whatsapp/validators"
import {
  AgentReplySchema,
  AutoReplySettingsSchema,
  ConversationUpdateSchema,
  FaqSchema,
  ReplyRuleSchema,
  TestMessageSchema,
} from "./admin/whatsapp/conversations/validators"

import {
  AddCustomerTagSchema,
  CreateSegmentSchema,
  PreviewSegmentSchema,
  RecomputeSchema,
  UpdateSegmentSettingsSchema,
} from "./admin/whatsapp/segments/validators"

// Meta's payloads are small; anything bigger is refused (413) before it is parsed or stored.
export const MAX_WEBHOOK_BYTES = 1024 * 1024

const storeCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

export default defineMiddlewares({
  routes: [
    {
      matcher: "/hooks/whatsapp",
      methods: ["POST"],
      // The signature is over the exact bytes Meta sent; re-serialising parsed JSON would not match.
      bodyParser: { preserveRawBody: true, sizeLimit: MAX_WEBHOOK_BYTES },
    },
    // Tracked links (src/api/whatsapp/r/[token]): opened by customers' browsers, so no auth; the
    // route checks the token's signature and the destination host itself.
    { matcher: "/whatsapp/r/:token", methods: ["GET"], middlewares: [] },
    // Store consent: the publishable key is Medusa's (every /store route); a logged-in customer is optional.
    {
      matcher: "/store/whatsapp/consent",
      methods: ["GET"],
      middlewares: [storeCustomer, validateAndTransformQuery(StoreConsentQuerySchema, {})],
    },
    { matcher: "/store/whatsapp/consent", methods: ["POST"], middlewares: [storeCustomer, validateAndTransformBody(StoreConsentSchema)] },
    { matcher: "/store/whatsapp/consent/opt-out", methods: ["POST"], middlewares: [storeCustomer, validateAndTransformBody(StoreOptOutSchema)] },
    {
      matcher: "/admin/whatsapp/customers/:id/consent",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(SetConsentSchema)],
    },
    {
      matcher: "/admin/whatsapp/customers/:id/consent-events",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ConsentEventsQuerySchema, {})],
    },
    {
      matcher: "/admin/whatsapp/notifications/mappings",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(NotificationMappingSchema)],
    },
    {
      matcher: "/admin/whatsapp/templates",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(CreateTemplateSchema)],
    },
    { matcher: "/admin/whatsapp/conversations/:id/reply", methods: ["POST"], middlewares: [validateAndTransformBody(AgentReplySchema)] },
    { matcher: "/admin/whatsapp/conversations/:id", methods: ["POST"], middlewares: [validateAndTransformBody(ConversationUpdateSchema)] },
    { matcher: "/admin/whatsapp/reply-rules", methods: ["POST"], middlewares: [validateAndTransformBody(ReplyRuleSchema)] },
    { matcher: "/admin/whatsapp/reply-rules/:id", methods: ["POST"], middlewares: [validateAndTransformBody(ReplyRuleSchema)] },
    { matcher: "/admin/whatsapp/faqs", methods: ["POST"], middlewares: [validateAndTransformBody(FaqSchema)] },
    { matcher: "/admin/whatsapp/faqs/:id", methods: ["POST"], middlewares: [validateAndTransformBody(FaqSchema)] },
    { matcher: "/admin/whatsapp/auto-reply/settings", methods: ["POST"], middlewares: [validateAndTransformBody(AutoReplySettingsSchema)] },
    { matcher: "/admin/whatsapp/auto-reply/test-message", methods: ["POST"], middlewares: [validateAndTransformBody(TestMessageSchema)] },
    {
      matcher: "/admin/whatsapp/templates/lint",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(CreateTemplateSchema)],
    },
    // Segments. No middleware on /segments/:id: it would also match /segments/preview etc.
    { matcher: "/admin/whatsapp/segments", methods: ["POST"], middlewares: [validateAndTransformBody(CreateSegmentSchema)] },
    { matcher: "/admin/whatsapp/segments/preview", methods: ["POST"], middlewares: [validateAndTransformBody(PreviewSegmentSchema)] },
    { matcher: "/admin/whatsapp/segments/recompute", methods: ["POST"], middlewares: [validateAndTransformBody(RecomputeSchema)] },
    {
      matcher: "/admin/whatsapp/segments/settings",
      methods: ["POST", "PUT"],
      middlewares: [validateAndTransformBody(UpdateSegmentSettingsSchema)],
    },
    { matcher: "/admin/whatsapp/customers/:id/tags", methods: ["POST"], middlewares: [validateAndTransformBody(AddCustomerTagSchema)] },
    // Campaigns
    { matcher: "/admin/whatsapp/campaigns", methods: ["POST"], middlewares: [validateAndTransformBody(CreateCampaignSchema)] },
    { matcher: "/admin/whatsapp/campaigns/estimate", methods: ["POST"], middlewares: [validateAndTransformBody(EstimateCampaignSchema)] },
    { matcher: "/admin/whatsapp/campaigns/preview", methods: ["POST"], middlewares: [validateAndTransformBody(PreviewCampaignSchema)] },
    { matcher: "/admin/whatsapp/campaigns/test-send", methods: ["POST"], middlewares: [validateAndTransformBody(TestSendCampaignSchema)] },
    { matcher: "/admin/whatsapp/campaigns/settings", methods: ["POST"], middlewares: [validateAndTransformBody(CampaignSettingsBodySchema)] },
    { matcher: "/admin/whatsapp/campaigns/send-times", methods: ["POST"], middlewares: [validateAndTransformBody(SendTimesPreviewSchema)] },
    // No middleware on /campaigns/:id (POST validates in the route): it would also match the routes above.
    { matcher: "/admin/whatsapp/campaigns/:id/:action", methods: ["POST"], middlewares: [validateAndTransformBody(CampaignActionSchema)] },
    {
      matcher: "/admin/whatsapp/campaigns/:id/recipients",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(CampaignRecipientsQuerySchema, {})],
    },
  ],
})
