import { Badge, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { customerName, formatAmount, type SegmentMember } from "../../lib/segments"

const CONSENT_COLOR = { granted: "green", revoked: "red", unknown: "grey" } as const

/** Members with what a merchant needs to recognise and reach them. */
export const MembersTable = ({ members, currency }: { members: SegmentMember[]; currency?: string | null }) =>
  members.length === 0 ? (
    <div className="px-6 py-4">
      <Text size="small" className="text-ui-fg-muted">
        No customers match.
      </Text>
    </div>
  ) : (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Customer</Table.HeaderCell>
          <Table.HeaderCell>Email</Table.HeaderCell>
          <Table.HeaderCell>Phone</Table.HeaderCell>
          <Table.HeaderCell>Marketing consent</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Spent</Table.HeaderCell>
          <Table.HeaderCell>RFM</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {members.map((m) => (
          <Table.Row key={m.customer_id}>
            <Table.Cell>
              <Link to={`/customers/${m.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                {customerName(m)}
              </Link>
            </Table.Cell>
            <Table.Cell>{m.email ?? "-"}</Table.Cell>
            <Table.Cell>{m.phone ?? "-"}</Table.Cell>
            <Table.Cell>
              <Badge size="2xsmall" color={CONSENT_COLOR[m.marketing_consent]}>
                {m.marketing_consent}
              </Badge>
            </Table.Cell>
            <Table.Cell className="text-right">{m.order_count}</Table.Cell>
            <Table.Cell className="text-right">{formatAmount(m.total_spent, currency)}</Table.Cell>
            <Table.Cell>{m.rfm_segment ?? "-"}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
