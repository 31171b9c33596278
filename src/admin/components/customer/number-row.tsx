import { ExclamationCircle } from "@medusajs/icons"
import { Copy, Text, Tooltip } from "@medusajs/ui"
import { formatWaId } from "../../lib/format"
import type { CustomerWhatsappResponse } from "../../lib/types"
import { SectionRow } from "../common/section-row"

type NumberRowProps = { data: CustomerWhatsappResponse }

/** The WhatsApp number, or why there is none. */
export const NumberRow = ({ data }: NumberRowProps) => {
  const { wa_id, phone, phone_valid, contact } = data

  if (!wa_id && contact?.user_id) {
    // A WhatsApp username user who has not shared a phone: reached by business-scoped user id.
    return (
      <>
        {contact.username && <SectionRow title="Username" value={`@${contact.username}`} />}
        <SectionRow
          title="WhatsApp user id"
          value={
            <div className="flex items-center gap-x-1">
              <Text size="small" leading="compact" className="text-ui-fg-subtle break-all">
                {contact.user_id}
              </Text>
              <Copy content={contact.user_id} variant="mini" className="text-ui-fg-muted" />
              <Tooltip
                content="This customer uses a WhatsApp username and has not shared a phone number. Messages go to this business-scoped user id; authentication and copy-code templates need a phone."
                maxWidth={260}
              >
                <span className="text-ui-fg-muted flex items-center">
                  <ExclamationCircle />
                </span>
              </Tooltip>
            </div>
          }
        />
        {contact.profile_name && <SectionRow title="Profile name" value={contact.profile_name} />}
      </>
    )
  }

  if (!wa_id) {
    return (
      <SectionRow
        title="Number"
        value={
          <div className="flex flex-col gap-y-0.5">
            <Text size="small" leading="compact" className="text-ui-fg-base">
              {phone ? "Invalid phone number" : "No phone number"}
            </Text>
            <Text size="xsmall" className="text-ui-fg-muted break-all">
              {phone
                ? `"${phone}" can't be used on WhatsApp. Save it with the country code (+…).`
                : "Add a phone number to this customer to reach them on WhatsApp."}
            </Text>
          </div>
        }
      />
    )
  }

  // A linked contact can outlive the phone on file (edited, removed, now invalid): say so.
  const mismatch = !phone
    ? "The customer has no phone on file; this number comes from an earlier WhatsApp conversation."
    : phone_valid === false
      ? `The phone on file ("${phone}") is not a valid number; this one comes from an earlier WhatsApp conversation.`
      : null

  return (
    <>
      <SectionRow
        title="Number"
        value={
          <div className="flex items-center gap-x-1">
            <Text size="small" leading="compact" className="text-ui-fg-subtle">
              {formatWaId(wa_id)}
            </Text>
            <Copy content={formatWaId(wa_id)} variant="mini" className="text-ui-fg-muted" />
            {mismatch && (
              <Tooltip content={mismatch} maxWidth={260}>
                <span className="text-ui-fg-muted flex items-center">
                  <ExclamationCircle />
                </span>
              </Tooltip>
            )}
          </div>
        }
      />
      {contact?.username && <SectionRow title="Username" value={`@${contact.username}`} />}
      {contact?.profile_name && <SectionRow title="Profile name" value={contact.profile_name} />}
    </>
  )
}
