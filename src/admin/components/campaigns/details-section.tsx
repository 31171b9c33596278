import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import {
  PARAMETER_SOURCE_LABELS,
  RETARGET_LABELS,
  formatCount,
  formatInZone,
  resolveTimeZone,
  templateSlots,
  useCampaign,
  type CampaignParameter,
  type CampaignParameterSource,
  type WhatsappCampaign,
} from "../../lib/campaigns"
import { useTemplates } from "../../lib/notifications"
import { useWhatsappSettings } from "../../lib/sdk"
import { useSegments } from "../../lib/segments"
import { SectionRow } from "../common/section-row"
import { MessagePreview } from "./message-preview"
import { UserName } from "./state-log"

/** Who, what and when, as configured; with the message as the first customer would see it. */
export const DetailsSection = ({ campaign }: { campaign: WhatsappCampaign }) => {
  const settings = useWhatsappSettings()
  const templates = useTemplates()
  const template =
    campaign.message_kind === "template"
      ? (templates.data?.templates.find((t) => t.name === campaign.template_name && t.language === campaign.template_language) ?? null)
      : null
  const timeZone = resolveTimeZone(campaign.timezone ?? settings.data?.store_timezone)
  const slots = templateSlots(template)

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Message</Heading>
      </div>
      <div className="px-6 py-4">
        <MessagePreview
          kind={campaign.message_kind}
          template={template}
          parameters={campaign.parameters ?? []}
          text={campaign.text ?? ""}
          discountCode={campaign.discount_code}
          storeName={settings.data?.store_name ?? null}
          person={{ first_name: "Ana", last_name: "Silva" }}
          ctaButtonIndex={campaign.cta?.button_index ?? (campaign.cta ? 0 : null)}
          ctaPayload={campaign.cta?.payload ?? null}
        />
        {campaign.message_kind === "template" && templates.data && !template && (
          <Text size="xsmall" className="text-ui-fg-error pt-2">
            Template {campaign.template_name} ({campaign.template_language}) is no longer in your WhatsApp account.
          </Text>
        )}
      </div>
      <SectionRow title="Audience" value={<Audience campaign={campaign} />} />
      <SectionRow
        title="Content"
        value={
          campaign.message_kind === "template" ? `Template ${campaign.template_name} (${campaign.template_language})` : "Free-form text (24 h window only)"
        }
      />
      {(campaign.parameters ?? []).length > 0 && (
        <SectionRow
          title="Variables"
          value={
            <ul className="flex flex-col gap-y-0.5">
              {(campaign.parameters ?? []).map((p, i) => (
                <li key={i}>
                  <span className="font-mono">{slots[i]?.label ?? `${p.component} ${i + 1}`}</span>: {describeParameter(p)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <SectionRow
        title="Discount code"
        value={
          campaign.discount_code ? (
            <Badge size="2xsmall" className="font-mono">
              {campaign.discount_code}
            </Badge>
          ) : (
            "None"
          )
        }
      />
      <SectionRow
        title="Quick-reply payload"
        value={
          campaign.cta ? (
            <Badge size="2xsmall" color="blue" className="font-mono">
              {campaign.cta.payload}
            </Badge>
          ) : (
            "None"
          )
        }
      />
      <SectionRow title="Attribution window" value={`${campaign.attribution_window_days} days after reading`} />
      <SectionRow title="Scheduled for" value={campaign.scheduled_at ? formatInZone(campaign.scheduled_at, timeZone) : "Start by hand"} />
      <SectionRow title="Started" value={campaign.started_at ? formatInZone(campaign.started_at, timeZone) : "-"} />
      <SectionRow title="Finished" value={campaign.finished_at ? formatInZone(campaign.finished_at, timeZone) : "-"} />
      <SectionRow title="Created by" value={campaign.created_by ? <UserName actor={campaign.created_by} /> : "-"} />
    </Container>
  )
}

function describeParameter(p: CampaignParameter): string {
  const label = PARAMETER_SOURCE_LABELS[p.source as CampaignParameterSource] ?? p.source
  if (p.source === "static") return `“${p.value ?? ""}”`
  return p.fallback ? `${label} (or “${p.fallback}”)` : label
}

const Audience = ({ campaign }: { campaign: WhatsappCampaign }) => {
  const segments = useSegments()
  if (campaign.retarget) return <RetargetAudience parentId={campaign.retarget.parent_campaign_id} criterion={campaign.retarget.criterion} />
  const frozen = campaign.frozen_at ? ` · ${formatCount(campaign.audience_count)} recipients frozen at start` : ""
  if (!campaign.segment_id) return <span>All WhatsApp contacts{frozen}</span>
  const segment = segments.data?.segments.find((s) => s.id === campaign.segment_id)
  return (
    <span>
      <Link to="/whatsapp-segments" className="text-ui-fg-interactive hover:underline">
        {segment?.name ?? campaign.segment_id}
      </Link>
      {!segment && segments.data ? " (deleted)" : ""}
      {frozen}
    </span>
  )
}

const RetargetAudience = ({ parentId, criterion }: { parentId: string; criterion: string }) => {
  const parent = useCampaign(parentId)
  return (
    <span>
      Follow-up to{" "}
      <Link to={`/whatsapp-campaigns/${parentId}`} className="text-ui-fg-interactive hover:underline">
        {parent.data?.campaign.name ?? parentId}
      </Link>{" "}
      · {RETARGET_LABELS[criterion as keyof typeof RETARGET_LABELS]?.toLowerCase() ?? criterion}
    </span>
  )
}
