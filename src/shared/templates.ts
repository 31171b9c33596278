/**
 * Message template definitions as the WhatsApp Cloud API names them (`/{waba_id}/message_templates`),
 * shared by the server (channels/cloud-api/types.ts re-exports them) and the admin dashboard.
 *
 * src/shared is plain TypeScript that runs in the browser too: no imports from @medusajs/*, Node or
 * anything else; constants and types only.
 */

export type TemplateCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION"
export type TemplateStatus = "APPROVED" | "PENDING" | "REJECTED" | "PAUSED" | "DISABLED" | "IN_APPEAL" | "PENDING_DELETION" | "DELETED" | "LIMIT_EXCEEDED"

export type TemplateButtonType = "QUICK_REPLY" | "URL" | "PHONE_NUMBER" | "COPY_CODE" | "OTP" | "FLOW"

export interface TemplateButton {
  type: TemplateButtonType
  text: string
  url?: string
  phone_number?: string
  example?: string[]
}

export interface TemplateComponent {
  type: "HEADER" | "BODY" | "FOOTER" | "BUTTONS"
  format?: "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT" | "LOCATION"
  text?: string
  example?: {
    header_text?: string[]
    body_text?: string[][]
    header_handle?: string[]
    body_text_named_params?: { param_name: string; example: string }[]
  }
  buttons?: TemplateButton[]
}
