import { Badge, Container, Heading, Table, Text, Tooltip } from "@medusajs/ui"
import { describeCampaignReason, formatCount, formatPercent, type CampaignStats } from "../../lib/campaigns"

/** Sent → delivered → read → replied, and what did not go: failures and skips by reason, opt-outs. */
export const FunnelSection = ({ stats }: { stats: CampaignStats }) => {
  // Recipients marked failed by the sender never count as sent; the rest of `failed` failed after WhatsApp accepted them.
  const failedLater = Math.max(0, stats.failed - Math.max(0, stats.recipients - stats.queued - stats.sending - stats.sent - stats.skipped))
  const steps = [
    {
      label: "Sent",
      value: stats.sent,
      hint: failedLater ? `Accepted by WhatsApp; ${failedLater} of them failed to deliver afterwards` : "Accepted by WhatsApp",
    },
    { label: "Delivered", value: stats.delivered, hint: "Reached the phone" },
    { label: "Read", value: stats.read, hint: "Opened (customers with read receipts off never count)" },
    { label: "Replied", value: stats.replied, hint: "Wrote back or tapped a button after the message" },
  ]
  const base = stats.sent
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Funnel</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Percentages are of messages sent.
        </Text>
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        {steps.map((s) => (
          <div key={s.label} className="grid grid-cols-[6rem_1fr_7rem] items-center gap-x-3">
            <Tooltip content={s.hint}>
              <Text size="small" weight="plus" className="cursor-default">
                {s.label}
              </Text>
            </Tooltip>
            <div className="bg-ui-bg-component h-2 overflow-hidden rounded-full">
              <div
                className="bg-ui-fg-interactive h-full rounded-full transition-[width] duration-500"
                style={{ width: base ? `${Math.min(100, (s.value / base) * 100)}%` : "0%" }}
              />
            </div>
            <Text size="small" className="text-right tabular-nums">
              {formatCount(s.value)} <span className="text-ui-fg-muted">· {formatPercent(s.value, base)}</span>
            </Text>
          </div>
        ))}
      </div>
      <div className="grid grid-cols-3 divide-x">
        <Count label="Failed" value={stats.failed} color="red" />
        <Count label="Skipped" value={stats.skipped} color="grey" />
        <Count label="Opted out" value={stats.opted_out} color="orange" hint="Stopped marketing messages after receiving this one" />
      </div>
      {stats.by_reason.length > 0 && (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Not sent or failed because</Table.HeaderCell>
                <Table.HeaderCell>Outcome</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Recipients</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {stats.by_reason.map((r) => {
                const d = describeCampaignReason(r.reason)
                return (
                  <Table.Row key={`${r.status}:${r.reason}`}>
                    <Table.Cell className="max-w-[28rem] whitespace-normal">
                      <div className="flex flex-col py-1">
                        <Text size="small">{d.text}</Text>
                        {d.code && d.code !== r.reason && (
                          <Text size="xsmall" className="text-ui-fg-muted font-mono">
                            {d.code}
                          </Text>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      <Badge size="2xsmall" color={r.status === "failed" ? "red" : "grey"}>
                        {r.status === "failed" ? "Failed" : "Skipped"}
                      </Badge>
                    </Table.Cell>
                    <Table.Cell className="text-right tabular-nums">{formatCount(r.n)}</Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

const DOT = { red: "bg-ui-tag-red-icon", grey: "bg-ui-tag-neutral-icon", orange: "bg-ui-tag-orange-icon" } as const

const Count = ({ label, value, color, hint }: { label: string; value: number; color: "red" | "grey" | "orange"; hint?: string }) => (
  <div className="flex flex-col gap-y-0.5 px-6 py-4">
    <Text size="xsmall" className="text-ui-fg-subtle" title={hint}>
      {label}
    </Text>
    <div className="flex items-center gap-x-2">
      <Text size="large" weight="plus" className="tabular-nums">
        {formatCount(value)}
      </Text>
      {value > 0 && <span className={`inline-block size-2 rounded-full ${DOT[color]}`} />}
    </div>
  </div>
)
