import { Badge, Table, Text } from "@medusajs/ui"
import type { SegmentDashboard } from "../../lib/segments"

type DashboardTableProps = {
  dashboard: SegmentDashboard
  /** Opens the builder on "customers with this tag". */
  onPickTag: (tag: string) => void
}

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "-")

/** The seed article's table: for each built-in dimension, how many customers fall in each band. */
export const DashboardTable = ({ dashboard, onPickTag }: DashboardTableProps) => (
  <Table>
    <Table.Header>
      <Table.Row>
        <Table.HeaderCell>Dimension</Table.HeaderCell>
        <Table.HeaderCell>Band</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Customers</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Share</Table.HeaderCell>
        <Table.HeaderCell className="text-right">With marketing consent</Table.HeaderCell>
      </Table.Row>
    </Table.Header>
    <Table.Body>
      {dashboard.dimensions.flatMap((d) => [
        ...d.bands.map((b, i) => (
          <Table.Row key={`${d.key}:${b.tag}`} className="cursor-pointer" onClick={() => onPickTag(b.tag)}>
            <Table.Cell>
              {i === 0 ? (
                <Text size="small" weight="plus">
                  {d.label}
                </Text>
              ) : null}
            </Table.Cell>
            <Table.Cell>
              <div className="flex items-center gap-x-2">
                <Badge size="2xsmall" color="blue">
                  {b.tag}
                </Badge>
                <Text size="small" className="text-ui-fg-subtle">
                  {b.label}
                </Text>
              </div>
            </Table.Cell>
            <Table.Cell className="text-right">{b.customers}</Table.Cell>
            <Table.Cell className="text-right">{pct(b.customers, dashboard.customers)}</Table.Cell>
            <Table.Cell className="text-right">{b.consented}</Table.Cell>
          </Table.Row>
        )),
        <Table.Row key={`${d.key}:none`}>
          <Table.Cell />
          <Table.Cell>
            <Text size="small" className="text-ui-fg-muted">
              In no band
            </Text>
          </Table.Cell>
          <Table.Cell className="text-ui-fg-muted text-right">{d.none.customers}</Table.Cell>
          <Table.Cell className="text-ui-fg-muted text-right">{pct(d.none.customers, dashboard.customers)}</Table.Cell>
          <Table.Cell className="text-ui-fg-muted text-right">{d.none.consented}</Table.Cell>
        </Table.Row>,
      ])}
    </Table.Body>
  </Table>
)
