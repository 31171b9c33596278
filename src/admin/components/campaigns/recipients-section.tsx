import { Button, Container, Heading, StatusBadge, Table, Text, Tooltip } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import {
  campaignRefreshInterval,
  formatCount,
  formatInZone,
  formatMoney,
  useCampaignRecipients,
  useStoreCurrency,
  type CampaignRecipientRow,
  type WhatsappCampaign,
} from "../../lib/campaigns"
import { formatIdentity } from "../../lib/format"
import { backendHref, errorMessage } from "../../lib/sdk"

const PAGE = 20

const STATUS_COLOR: Record<string, "green" | "blue" | "orange" | "red" | "grey"> = {
  read: "green",
  delivered: "blue",
  sent: "blue",
  failed: "red",
  skipped: "orange",
  queued: "grey",
  sending: "grey",
}

/** What happened to each recipient, a page at a time, with every recipient as CSV. */
export const RecipientsSection = ({ campaign, now, timeZone }: { campaign: WhatsappCampaign; now: Date; timeZone: string }) => {
  const [offset, setOffset] = useState(0)
  const query = useCampaignRecipients(campaign.id, offset, PAGE, campaignRefreshInterval(campaign, now))
  const currency = useStoreCurrency()
  const rows = query.data?.recipients ?? []
  const count = query.data?.count ?? 0
  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div>
          <Heading level="h2">Recipients</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Status times, first reply, link clicks, discount code and attributed orders per recipient. Times in {timeZone}.
          </Text>
        </div>
        <Button size="small" variant="secondary" asChild>
          <a href={backendHref(`/admin/whatsapp/campaigns/${encodeURIComponent(campaign.id)}/recipients?format=csv`)} download>
            Download CSV
          </a>
        </Button>
      </div>
      {query.isError ? (
        <Text size="small" className="text-ui-fg-error px-6 py-4">
          {errorMessage(query.error, "Couldn't load the recipients")}
        </Text>
      ) : rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted px-6 py-4">
          {query.isPending ? "Loading…" : "No recipients yet."}
        </Text>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Customer</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Sent</Table.HeaderCell>
                <Table.HeaderCell>Delivered</Table.HeaderCell>
                <Table.HeaderCell>Read</Table.HeaderCell>
                <Table.HeaderCell>Replied</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Clicks</Table.HeaderCell>
                <Table.HeaderCell>Code</Table.HeaderCell>
                <Table.HeaderCell>Order</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((r) => (
                <Table.Row key={r.id}>
                  <Table.Cell className="max-w-[16rem] whitespace-normal">
                    <div className="flex flex-col py-1">
                      {r.customer_id ? (
                        <Link to={`/customers/${r.customer_id}`} className="txt-compact-small-plus text-ui-fg-interactive break-words">
                          {r.customer_name ?? r.email ?? r.customer_id}
                        </Link>
                      ) : (
                        <Text size="small">{r.customer_name ?? "-"}</Text>
                      )}
                      <Text size="xsmall" className="text-ui-fg-muted truncate">
                        {formatIdentity(r)}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <RecipientStatus row={r} />
                  </Table.Cell>
                  <TimeCell value={r.sent_at} timeZone={timeZone} />
                  <TimeCell value={r.delivered_at} timeZone={timeZone} />
                  <TimeCell value={r.read_at} timeZone={timeZone} />
                  <TimeCell value={r.replied_at} timeZone={timeZone} />
                  <Table.Cell className="text-right tabular-nums">{formatCount(r.clicks)}</Table.Cell>
                  <Table.Cell>
                    {r.discount_code ? (
                      <Tooltip content={r.discount_code_source === "issued" ? "Issued to this customer" : "The campaign's code"}>
                        <span className="font-mono">
                          {r.discount_code}
                          {r.discount_redeemed ? " · used" : ""}
                        </span>
                      </Tooltip>
                    ) : (
                      "-"
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {r.attributed_order_id ? (
                      <Link to={`/orders/${r.attributed_order_id}`} className="txt-compact-small text-ui-fg-interactive">
                        {formatMoney(r.attributed_amount, currency.data ?? null)}
                        {r.attributed_orders > 1 ? ` (${r.attributed_orders} orders)` : ""}
                      </Link>
                    ) : (
                      "-"
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {count > PAGE && (
        <div className="flex items-center justify-between px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {`${offset + 1}–${Math.min(offset + PAGE, count)} of ${formatCount(count)}`}
          </Text>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </Button>
            <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
              Next
            </Button>
          </div>
        </div>
      )}
    </Container>
  )
}

/** The furthest the message got: read > delivered > sent, or failed/skipped with the reason on hover. */
const RecipientStatus = ({ row }: { row: CampaignRecipientRow }) => {
  const shown = row.status === "sent" ? (row.read_at ? "read" : row.delivered_at ? "delivered" : "sent") : row.status
  const badge = (
    <StatusBadge color={STATUS_COLOR[shown] ?? "grey"} className="whitespace-nowrap capitalize">
      {shown}
    </StatusBadge>
  )
  return row.reason ? <Tooltip content={row.reason}>{badge}</Tooltip> : badge
}

/** "7 Dec, 16:40" in the store's zone (the one the state log uses), the full date on hover. */
const TimeCell = ({ value, timeZone }: { value: string | null; timeZone: string }) => (
  <Table.Cell className="whitespace-nowrap tabular-nums">
    {value ? (
      <Tooltip content={formatInZone(value, timeZone)}>
        <span className="cursor-default">
          {new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }).format(new Date(value))}
        </span>
      </Tooltip>
    ) : (
      "-"
    )}
  </Table.Cell>
)
