import { Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatCount, formatMoney, useStoreCurrency, type CampaignStats, type WhatsappCampaign } from "../../lib/campaigns"
import { Metric } from "./step-review"

const SHOWN_ORDERS = 10

/** What it cost (from WhatsApp's pricing on status updates) and what it brought (attributed orders). */
export const ResultsSection = ({ campaign, stats }: { campaign: WhatsappCampaign; stats: CampaignStats }) => {
  const currency = useStoreCurrency()
  const revenueCurrency = currency.data ?? null
  const a = stats.attribution
  const sameCurrency = !!revenueCurrency && revenueCurrency.toUpperCase() === stats.cost.currency.toUpperCase()
  const roi = sameCurrency && stats.cost.amount > 0 ? a.revenue / stats.cost.amount : null
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Cost and revenue</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Orders count when placed within {campaign.attribution_window_days} days of reading the message
          {campaign.discount_code ? `, or with the code ${campaign.discount_code}` : ""}.
        </Text>
      </div>
      <div className="grid grid-cols-2 gap-3 px-6 py-4 md:grid-cols-3 xl:grid-cols-5">
        <Metric
          label="Cost"
          value={formatMoney(stats.cost.amount, stats.cost.currency)}
          hint={stats.sent ? `${formatMoney(stats.cost.amount / stats.sent, stats.cost.currency, 4)} per message` : "Billed messages only"}
        />
        <Metric
          label="Attributed orders"
          value={formatCount(a.orders)}
          hint={stats.sent ? `${((a.orders / stats.sent) * 100).toFixed(1)}% of messages sent` : undefined}
        />
        <Metric label="Revenue" value={formatMoney(a.revenue, revenueCurrency)} />
        <Metric label="Revenue per message" value={formatMoney(a.revenue_per_message, revenueCurrency)} />
        {roi !== null && <Metric label="Return on cost" value={`${roi.toFixed(1)}×`} hint="Revenue ÷ cost" />}
      </div>
      {a.order_ids.length > 0 && (
        <div className="flex flex-wrap items-center gap-2 px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            Orders:
          </Text>
          {a.order_ids.slice(0, SHOWN_ORDERS).map((id) => (
            <Link key={id} to={`/orders/${id}`} className="txt-compact-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono">
              {id.slice(-8)}
            </Link>
          ))}
          {a.order_ids.length > SHOWN_ORDERS && (
            <Text size="small" className="text-ui-fg-muted">
              and {a.order_ids.length - SHOWN_ORDERS} more
            </Text>
          )}
        </div>
      )}
      <div className="px-6 py-3">
        <Text size="xsmall" className="text-ui-fg-muted">
          Cost comes from the pricing WhatsApp reports with each message's status, priced with your price table; it grows as statuses arrive. Revenue adds up
          order totals as placed{revenueCurrency ? ` (shown in the store's default currency, ${revenueCurrency.toUpperCase()})` : ""}.
        </Text>
      </div>
    </Container>
  )
}
