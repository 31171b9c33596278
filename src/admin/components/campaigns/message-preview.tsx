import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { buttonsOf, componentOf, fillVariables, templateSlots, type CampaignMessageKind, type CampaignParameter, type TemplateSlot } from "../../lib/campaigns"
import type { WhatsappTemplate } from "../../lib/notifications"

export interface PreviewPerson {
  first_name: string | null
  last_name: string | null
}

type Props = {
  kind: CampaignMessageKind
  template: WhatsappTemplate | null
  /** Parameters in slot order (as sent). */
  parameters: CampaignParameter[]
  text: string
  discountCode: string | null
  storeName: string | null
  person: PreviewPerson | null
  /** Index of the quick-reply button that carries the CTA payload. */
  ctaButtonIndex?: number | null
  ctaPayload?: string | null
  className?: string
}

const MISSING = "⚠"

/** What one parameter resolves to for `person`, as the sender resolves it (domain/campaign-rules.ts renderCampaignMessage). */
export function resolvePreviewValue(
  p: CampaignParameter,
  ctx: { person: PreviewPerson | null; discountCode: string | null; storeName: string | null }
): string | null {
  const first = ctx.person?.first_name?.trim() || null
  const last = ctx.person?.last_name?.trim() || null
  const fallback = p.fallback?.trim() || null
  switch (p.source) {
    case "static":
      return p.value?.trim() || fallback
    case "campaign.discount_code":
      return ctx.discountCode?.trim() || fallback
    case "customer.first_name":
      return first ?? fallback
    case "customer.last_name":
      return last ?? fallback
    case "customer.full_name":
      return [first, last].filter(Boolean).join(" ") || fallback
    case "store.name":
      return ctx.storeName?.trim() || fallback
    default:
      return fallback
  }
}

/** Values by slot key; null where the message would fail (no value, no fallback). */
export function previewValues(
  template: WhatsappTemplate | null,
  parameters: CampaignParameter[],
  ctx: { person: PreviewPerson | null; discountCode: string | null; storeName: string | null }
): { slots: TemplateSlot[]; values: Record<string, string | null> } {
  const slots = templateSlots(template)
  const values: Record<string, string | null> = {}
  slots.forEach((slot, i) => {
    const p = parameters[i]
    values[slot.key] = p ? resolvePreviewValue(p, ctx) : null
  })
  return { slots, values }
}

/** Fills a component's variables, highlighting the filled values (and the missing ones in red). */
function renderFilled(text: string, lookup: (variable: string) => string | null | undefined): ReactNode[] {
  const out: ReactNode[] = []
  const re = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index))
    const v = lookup(m[1])
    out.push(
      v === undefined ? (
        m[0]
      ) : v === "" ? null : v === null ? (
        <span key={m.index} className="text-ui-fg-error font-medium" title="No value and no fallback: this recipient would fail">
          {MISSING} {`{{${m[1]}}}`}
        </span>
      ) : (
        <span key={m.index} className="bg-ui-tag-blue-bg rounded-sm px-0.5">
          {v}
        </span>
      )
    )
    last = m.index + m[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/** Roughly how the customer sees the message: a WhatsApp bubble with the values filled in. */
export const MessagePreview = ({ kind, template, parameters, text, discountCode, storeName, person, ctaButtonIndex, ctaPayload, className }: Props) => {
  if (kind === "text") {
    const body = text.trim()
    return (
      <Bubble className={className}>
        <Text size="small" className="whitespace-pre-wrap break-words">
          {body ? (
            renderFilled(body, (v) =>
              v === "first_name" ? person?.first_name?.trim() || "" : v === "discount_code" ? discountCode?.trim() || null : undefined
            )
          ) : (
            <span className="text-ui-fg-muted italic">Your message</span>
          )}
        </Text>
      </Bubble>
    )
  }
  if (!template) {
    return (
      <Bubble className={className}>
        <Text size="small" className="text-ui-fg-muted italic">
          Choose a template to see it here.
        </Text>
      </Bubble>
    )
  }
  const { values } = previewValues(template, parameters, { person, discountCode, storeName })
  const header = componentOf(template, "HEADER")
  const body = componentOf(template, "BODY")
  const footer = componentOf(template, "FOOTER")
  const buttons = buttonsOf(template)
  return (
    <Bubble
      className={className}
      buttons={buttons.map((b, i) => (
        <div
          key={i}
          className={clx(
            "bg-ui-bg-base shadow-elevation-card-rest text-ui-fg-interactive txt-compact-small mt-1 w-full rounded-lg px-3 py-1.5 text-center",
            b.type === "QUICK_REPLY" && ctaButtonIndex === i && "ring-ui-fg-interactive ring-1"
          )}
          title={b.type === "QUICK_REPLY" && ctaButtonIndex === i && ctaPayload ? `Replies with payload “${ctaPayload}”` : undefined}
        >
          {b.type === "URL" ? "↗ " : b.type === "PHONE_NUMBER" ? "☎ " : "↩ "}
          {b.text}
          {b.type === "QUICK_REPLY" && ctaButtonIndex === i && ctaPayload && <span className="text-ui-fg-muted txt-compact-xsmall"> · {ctaPayload}</span>}
        </div>
      ))}
    >
      {header?.format && header.format !== "TEXT" ? (
        <div className="bg-ui-bg-component text-ui-fg-muted txt-compact-xsmall flex h-20 items-center justify-center rounded">
          {header.format.toLowerCase()} header
        </div>
      ) : header?.text ? (
        <Text size="small" weight="plus" className="break-words">
          {renderFilled(header.text, (v) => values[`header:${v}`])}
        </Text>
      ) : null}
      <Text size="small" className="whitespace-pre-wrap break-words">
        {body?.text ? renderFilled(body.text, (v) => values[`body:${v}`]) : <span className="text-ui-fg-muted italic">No body</span>}
      </Text>
      {footer?.text && (
        <Text size="xsmall" className="text-ui-fg-muted break-words">
          {footer.text}
        </Text>
      )}
    </Bubble>
  )
}

/** The resolved link of a URL button, for the preview's detail line. */
export function filledButtonUrl(template: WhatsappTemplate | null, index: number, values: Record<string, string | null>): string | null {
  const b = buttonsOf(template)[index]
  if (!b?.url) return null
  const map: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(values)) {
    const prefix = `button:${index}:`
    if (k.startsWith(prefix)) map[k.slice(prefix.length)] = v
  }
  return fillVariables(b.url, map)
}

export const Bubble = ({ children, buttons, className }: { children: ReactNode; buttons?: ReactNode; className?: string }) => (
  <div className={clx("bg-ui-bg-subtle flex flex-col items-start rounded-lg p-4", className)}>
    <div className="bg-ui-bg-base shadow-elevation-card-rest flex w-full max-w-[20rem] flex-col gap-y-1 rounded-lg rounded-tl-sm px-3 py-2">{children}</div>
    {buttons && <div className="flex w-full max-w-[20rem] flex-col">{buttons}</div>}
  </div>
)
