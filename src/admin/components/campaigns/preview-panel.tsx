import { Button, InlineTip, Input, Select, Skeleton, Text, clx, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useDebouncedValue } from "../../hooks/use-debounced-value"
import { customerLabel, useCampaignPreview, useCampaignTestSend, type CampaignPreview } from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { Bubble } from "./message-preview"
import { ALL_CONTACTS, hasMessage, toMessageSpec, type CampaignDraft } from "./wizard-draft"

type Props = {
  draft: CampaignDraft
  update: (patch: Partial<CampaignDraft>) => void
  className?: string
}

/**
 * The message as the server renders it for a real customer (the first the audience reaches, or one
 * the merchant picks), what would go wrong, and a test send of exactly that to a phone.
 */
export const PreviewPanel = ({ draft, update, className }: Props) => {
  const [search, setSearch] = useState("")
  const segment_id = !draft.retarget && draft.segmentId && draft.segmentId !== ALL_CONTACTS ? draft.segmentId : null
  const spec = toMessageSpec(draft)
  // A new object every render: compare by content, or the timer would never settle (typing in a template variable).
  const body = useDebouncedValue(
    hasMessage(draft) ? { ...spec, segment_id, customer_id: draft.previewCustomerId, customer_search: search.trim() || null } : null,
    350,
    { byContent: true }
  )
  const query = useCampaignPreview(body)
  const preview = query.data?.preview ?? null
  // The picked customer stays in the list even when a search no longer matches them.
  const options = useMemo(() => {
    const list = [...(preview?.candidates ?? [])]
    if (preview?.customer && !list.some((c) => c.id === preview.customer!.id)) list.unshift(preview.customer)
    return list
  }, [preview])

  if (!hasMessage(draft)) {
    return (
      <Bubble className={className}>
        <Text size="small" className="text-ui-fg-muted italic">
          {draft.kind === "template" ? "Choose a template to see it here." : "Write the message to see it here."}
        </Text>
      </Bubble>
    )
  }

  return (
    <div className={clx("flex flex-col gap-y-3", className)}>
      <div className="flex flex-col gap-y-2">
        <Text size="xsmall" className="text-ui-fg-subtle">
          Preview as a real customer
        </Text>
        <Select size="small" value={preview?.customer?.id ?? ""} onValueChange={(id) => update({ previewCustomerId: id })}>
          <Select.Trigger aria-label="Preview as">
            <Select.Value placeholder={query.isPending ? "Loading customers…" : "No customer with consent in this audience"} />
          </Select.Trigger>
          <Select.Content>
            {options.map((c) => (
              <Select.Item key={c.id} value={c.id}>
                {customerLabel(c)}
                {c.marketing_consent !== "granted" ? " · no marketing consent" : ""}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
        <Input size="small" type="search" placeholder="Find a customer by name, email or number" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>

      {query.isError ? (
        <InlineTip label="Couldn't render the preview" variant="error">
          {errorMessage(query.error)}
        </InlineTip>
      ) : !preview ? (
        <Skeleton className="h-32 w-full" />
      ) : (
        <>
          <RenderedBubble preview={preview} />
          {query.isFetching && (
            <Text size="xsmall" className="text-ui-fg-muted">
              Updating…
            </Text>
          )}
          {!preview.ok && (
            <InlineTip label="This customer would not get it" variant="error">
              {preview.reason}
            </InlineTip>
          )}
          {preview.warnings.map((w) => (
            <InlineTip key={w} label="Check" variant="warning">
              {w}
            </InlineTip>
          ))}
        </>
      )}
      <TestSend draft={draft} update={update} customerId={preview?.customer?.id ?? null} disabled={!preview?.ok} />
    </div>
  )
}

/** The server's text, laid out like the chat bubble. */
const RenderedBubble = ({ preview }: { preview: CampaignPreview }) => {
  const m = preview.message
  if (!m) {
    return (
      <Bubble>
        <Text size="small" className="text-ui-fg-muted italic">
          Nothing to show.
        </Text>
      </Bubble>
    )
  }
  return (
    <Bubble
      buttons={m.buttons.map((b, i) => (
        <div
          key={i}
          className="bg-ui-bg-base shadow-elevation-card-rest text-ui-fg-interactive txt-compact-small mt-1 w-full rounded-lg px-3 py-1.5 text-center"
          title={b.url ?? (b.payload ? `Replies with payload “${b.payload}”` : undefined)}
        >
          {b.type === "URL" ? "↗ " : b.type === "PHONE_NUMBER" ? "☎ " : "↩ "}
          {b.text}
        </div>
      ))}
    >
      {m.header_format ? (
        <div className="bg-ui-bg-component text-ui-fg-muted txt-compact-xsmall flex h-20 items-center justify-center rounded">
          {m.header_format.toLowerCase()} header
        </div>
      ) : m.header ? (
        <Text size="small" weight="plus" className="break-words">
          {m.header}
        </Text>
      ) : null}
      <Text size="small" className="whitespace-pre-wrap break-words">
        {m.body}
      </Text>
      {m.footer && (
        <Text size="xsmall" className="text-ui-fg-muted break-words">
          {m.footer}
        </Text>
      )}
    </Bubble>
  )
}

/** Sends exactly the previewed message (same customer's data) to one phone; not part of any campaign's results. */
const TestSend = ({
  draft,
  update,
  customerId,
  disabled,
}: {
  draft: CampaignDraft
  update: (patch: Partial<CampaignDraft>) => void
  customerId: string | null
  disabled: boolean
}) => {
  const send = useCampaignTestSend()
  const submit = async () => {
    try {
      const r = await send.mutateAsync({ ...toMessageSpec(draft), to: draft.testPhone.trim(), customer_id: customerId })
      toast.success("Test message sent", { description: `To +${r.to}. It does not count in the campaign's results.` })
    } catch (e) {
      toast.error("Couldn't send the test", { description: errorMessage(e) })
    }
  }
  return (
    <div className="flex flex-col gap-y-1 border-t pt-3">
      <Text size="xsmall" weight="plus">
        Send a test
      </Text>
      <div className="flex gap-x-2">
        <Input
          size="small"
          type="tel"
          aria-label="Test phone number"
          placeholder="Your WhatsApp number"
          value={draft.testPhone}
          maxLength={40}
          onChange={(e) => update({ testPhone: e.target.value })}
          onKeyDown={(e) => e.key === "Enter" && !disabled && draft.testPhone.trim() && submit()}
        />
        <Button size="small" variant="secondary" disabled={disabled || !draft.testPhone.trim()} isLoading={send.isPending} onClick={submit}>
          Send test
        </Button>
      </div>
      <Text size="xsmall" className="text-ui-fg-muted">
        {draft.kind === "text" ? "Free-form text only reaches a number that messaged you in the last 24 hours." : "Sent with the customer's data shown above."}
      </Text>
    </div>
  )
}
