import { Button, StatusBadge, Switch, Text, Tooltip, toast } from "@medusajs/ui"
import { CONSENT_COLORS, CONSENT_LABELS, describeConsentSource, formatDate, formatDateTime } from "../../lib/format"
import { errorMessage, useSetConsent } from "../../lib/sdk"
import type { ConsentDecision, ConsentPurpose, ConsentState, WhatsappContact } from "../../lib/types"

const PURPOSES: Record<ConsentPurpose, { title: string; description: string }> = {
  transactional: { title: "Order updates", description: "order updates" },
  marketing: { title: "Marketing", description: "marketing messages" },
}

function readConsent(contact: WhatsappContact | null, purpose: ConsentPurpose) {
  if (!contact) return { state: "unknown" as ConsentState, source: null, at: null }
  return purpose === "marketing"
    ? { state: contact.marketing_consent, source: contact.marketing_consent_source, at: contact.marketing_consent_at }
    : { state: contact.transactional_consent, source: contact.transactional_consent_source, at: contact.transactional_consent_at }
}

type ConsentRowProps = {
  customerId: string
  purpose: ConsentPurpose
  contact: WhatsappContact | null
  /** Why consent can't be recorded (no usable number), or null when it can. */
  disabledReason: string | null
}

/** One consent purpose: state, where it came from and when, and a switch to grant or revoke. */
export const ConsentRow = ({ customerId, purpose, contact, disabledReason }: ConsentRowProps) => {
  const { mutateAsync, isPending } = useSetConsent(customerId)
  const { title, description } = PURPOSES[purpose]
  const { state, source, at } = readConsent(contact, purpose)
  const sourceText = describeConsentSource(source)

  const record = async (consent: ConsentDecision) => {
    try {
      await mutateAsync({ purpose, consent })
      toast.success(consent === "granted" ? "Consent granted" : "Consent revoked", {
        description: `WhatsApp ${description} ${consent === "granted" ? "are now allowed" : "are no longer allowed"} for this customer.`,
      })
    } catch (e) {
      toast.error("Couldn't update consent", { description: errorMessage(e) })
    }
  }

  const switchControl = (
    <Switch
      size="small"
      checked={state === "granted"}
      disabled={isPending || !!disabledReason}
      onCheckedChange={(checked) => record(checked ? "granted" : "revoked")}
      aria-label={`WhatsApp ${description} consent`}
    />
  )

  return (
    <div className="flex items-start justify-between gap-x-4 px-6 py-4">
      <div className="flex min-w-0 flex-col gap-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
            {title}
          </Text>
          <StatusBadge color={CONSENT_COLORS[state]}>{CONSENT_LABELS[state]}</StatusBadge>
        </div>
        {state !== "unknown" || sourceText ? (
          <Tooltip content={[source, at ? formatDateTime(at) : null].filter(Boolean).join(" · ") || "-"}>
            <Text size="xsmall" className="text-ui-fg-muted w-fit cursor-default">
              {[sourceText, at ? formatDate(at) : null].filter(Boolean).join(" · ") || "-"}
            </Text>
          </Tooltip>
        ) : (
          <div className="flex flex-wrap items-center gap-x-1">
            <Text size="xsmall" className="text-ui-fg-muted">
              No decision recorded.
            </Text>
            {!disabledReason && (
              <Button
                size="small"
                variant="transparent"
                className="txt-compact-xsmall text-ui-fg-interactive h-auto p-0 hover:bg-transparent"
                disabled={isPending}
                onClick={() => record("revoked")}
              >
                Record opt-out
              </Button>
            )}
          </div>
        )}
      </div>
      <div className="pt-0.5">
        {disabledReason ? (
          <Tooltip content={disabledReason} maxWidth={240}>
            <span>{switchControl}</span>
          </Tooltip>
        ) : (
          switchControl
        )}
      </div>
    </div>
  )
}
