import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Badge, Container, Heading, Text, Tooltip } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatDate, formatDateTime } from "../../lib/format"
import { formatMoney, type ConversationDetailResponse, type CustomerMetrics } from "../../lib/inbox"
import { SectionRow } from "../common/section-row"
import { RecentOrders } from "./recent-orders"

/** Who the customer is: tags, RFM segment, recent orders. */
export const CustomerPanel = ({ data }: { data: ConversationDetailResponse }) => {
  const customerId = data.contact.customer_id

  return (
    <Container className="flex flex-col divide-y self-start p-0">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <Heading level="h2">Customer</Heading>
        {customerId && (
          <Link
            to={`/customers/${customerId}`}
            className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover flex items-center gap-x-1"
          >
            Open customer
            <ArrowUpRightOnBox />
          </Link>
        )}
      </div>
      {!customerId ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            This WhatsApp number isn't linked to a store customer, so there are no tags, segment or orders to show.
          </Text>
        </div>
      ) : (
        <>
          <SectionRow
            title="Tags"
            value={
              data.tags.length === 0 ? (
                <Text size="small" leading="compact" className="text-ui-fg-muted">
                  No tags
                </Text>
              ) : (
                data.tags.map((tag) => (
                  <Tooltip key={tag.name} content={tag.source === "auto" ? "Added automatically" : "Added manually"}>
                    <Badge size="2xsmall" color={tag.name === "vip" ? "orange" : tag.source === "auto" ? "blue" : "grey"} className="cursor-default">
                      {tag.name}
                    </Badge>
                  </Tooltip>
                ))
              )
            }
          />
          <MetricsRows metrics={data.metrics} />
          <RecentOrders orders={data.orders} />
        </>
      )}
      <SectionRow title="Marketing consent" value={consentText(data.contact.marketing_consent)} />
    </Container>
  )
}

const consentText = (state: string) => (state === "granted" ? "Opted in" : state === "revoked" ? "Opted out" : "Not recorded")

const MetricsRows = ({ metrics: m }: { metrics: CustomerMetrics | null }) => {
  if (!m) {
    return <SectionRow title="Segment" value="Not computed yet" />
  }
  const scores = [
    ["R", m.rfm_recency, "Recency: how recently they ordered (5 = most recent)"],
    ["F", m.rfm_frequency, "Frequency: how often they order (5 = most often)"],
    ["M", m.rfm_monetary, "Monetary: how much they spend (5 = most)"],
  ] as const

  return (
    <>
      <SectionRow
        title="Segment"
        value={
          <div className="flex flex-wrap items-center gap-1">
            {m.rfm_segment ? (
              <Tooltip content={`Computed ${formatDateTime(m.computed_at)}`}>
                <Badge size="2xsmall" color="purple" className="cursor-default">
                  {m.rfm_segment}
                </Badge>
              </Tooltip>
            ) : (
              <Text size="small" leading="compact" className="text-ui-fg-muted">
                No segment
              </Text>
            )}
            {scores.map(([label, score, hint]) =>
              score === null || score === undefined ? null : (
                <Tooltip key={label} content={hint}>
                  <Badge size="2xsmall" className="cursor-default font-mono">
                    {label}
                    {score}
                  </Badge>
                </Tooltip>
              )
            )}
          </div>
        }
      />
      <SectionRow title="Orders" value={String(m.order_count)} />
      <SectionRow title="Total spent" value={formatMoney(m.total_spent, m.currency_code)} />
      <SectionRow title="Average order" value={formatMoney(m.aov, m.currency_code)} />
      {m.last_order_at && <SectionRow title="Last order" value={formatDate(m.last_order_at)} />}
      {m.overdue && m.expected_next_order_at && (
        <SectionRow
          title="Next order"
          value={
            <Badge size="2xsmall" color="orange">
              Overdue since {formatDate(m.expected_next_order_at)}
            </Badge>
          }
        />
      )}
    </>
  )
}
