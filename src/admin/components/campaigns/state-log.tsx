import { Container, Heading, Table, Text, Tooltip } from "@medusajs/ui"
import { describeActor, describeStatusReason, formatInZone, isUserActor, useAdminUser, type CampaignEvent } from "../../lib/campaigns"
import { CampaignStateBadge } from "./state-badge"

/** Every state change with who made it and why, newest first; times in `timeZone` (the one "Started" uses). */
export const StateLog = ({ events, timeZone }: { events: CampaignEvent[]; timeZone: string }) => {
  const rows = [...events].reverse()
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">State log</Heading>
      </div>
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted px-6 py-4">
          No changes yet.
        </Text>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>When</Table.HeaderCell>
                <Table.HeaderCell>Change</Table.HeaderCell>
                <Table.HeaderCell>Who</Table.HeaderCell>
                <Table.HeaderCell>Why</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((e) => (
                <Table.Row key={e.id}>
                  <Table.Cell className="whitespace-nowrap">{formatInZone(e.created_at, timeZone)}</Table.Cell>
                  <Table.Cell>
                    <div className="flex items-center gap-x-1.5 whitespace-nowrap">
                      {e.from_status ? (
                        <CampaignStateBadge status={e.from_status} />
                      ) : (
                        <Text size="small" className="text-ui-fg-muted">
                          New
                        </Text>
                      )}
                      <span className="text-ui-fg-muted">→</span>
                      <CampaignStateBadge status={e.to_status} />
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <UserName actor={e.actor} />
                  </Table.Cell>
                  <Table.Cell className="max-w-[28rem] whitespace-normal">
                    <Text size="small" className="text-ui-fg-subtle break-words py-1">
                      {describeStatusReason(e.reason) ?? "-"}
                    </Text>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

/** A user id as the admin's name or email; "scheduler", "webhook"… in words. */
export const UserName = ({ actor }: { actor: string }) => {
  const user = useAdminUser(isUserActor(actor) ? actor : null)
  if (!isUserActor(actor)) return <span>{describeActor(actor)}</span>
  const u = user.data?.user
  const name = u ? [u.first_name, u.last_name].filter(Boolean).join(" ") || u.email : null
  return (
    <Tooltip content={u?.email ?? actor}>
      <span className="cursor-default">{name ?? (user.isPending ? "…" : actor)}</span>
    </Tooltip>
  )
}
