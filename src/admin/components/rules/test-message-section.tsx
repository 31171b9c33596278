import { Badge, Button, Container, Table, Text, Textarea } from "@medusajs/ui"
import { useState } from "react"
import { MATCH_MODE_LABELS, useTestMessage, type RuleVerdict, type TestMessageResponse } from "../../lib/inbox"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"

/**
 * "Test a message": the saved rules run over a typed message by the server, with the same matcher
 * as real inbound messages, so the merchant sees which rule would fire and why the others did not.
 */
export const TestMessageSection = () => {
  const [text, setText] = useState("")
  const test = useTestMessage()

  const run = () => test.mutate({ text })

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h2"
        title="Test a message"
        subtitle="Type what a customer might send. Nothing is sent; the saved rules are checked as for a real message."
      />
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Textarea
          id="wa-test-message"
          aria-label="Message to test"
          rows={3}
          placeholder="ขอส่วนลดหน่อยครับ"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) run()
          }}
        />
        <div className="flex items-center gap-x-2">
          <Button size="small" variant="secondary" onClick={run} isLoading={test.isPending} disabled={!text.trim()}>
            Test
          </Button>
          <Text size="xsmall" className="text-ui-fg-muted">
            {text.length.toLocaleString()} / 4,096 characters
          </Text>
        </div>
      </div>
      {test.isError && <ErrorState title="Couldn't test the message" error={test.error} onRetry={run} />}
      {test.data && <TestResult result={test.data} />}
    </Container>
  )
}

const TestResult = ({ result }: { result: TestMessageResponse }) => {
  // What fired first, then the rules that also matched, then the rest.
  const rows = [...result.rules].sort((a, b) => rank(a, result) - rank(b, result))
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div className="flex flex-wrap items-center gap-2">
        {result.match ? (
          <>
            <Badge size="2xsmall" color="green">
              Would fire
            </Badge>
            <Text size="small" weight="plus" leading="compact">
              {result.match.rule_name ?? result.match.rule_id}
            </Text>
            <Text size="small" className="text-ui-fg-subtle">
              {MATCH_MODE_LABELS[result.match.mode]} on “{result.match.keyword}”
            </Text>
          </>
        ) : (
          <>
            <Badge size="2xsmall" color="grey">
              No rule
            </Badge>
            <Text size="small" className="text-ui-fg-subtle">
              {result.away ? "Outside business hours: the away message would be sent." : "No automatic reply; the message waits for a person."}
            </Text>
          </>
        )}
      </div>
      {result.truncated && (
        <Text size="xsmall" className="text-ui-fg-muted">
          Only the first 4,096 characters were checked: WhatsApp does not deliver longer text messages.
        </Text>
      )}
      {rows.length > 0 && (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Rule</Table.HeaderCell>
                <Table.HeaderCell>Match</Table.HeaderCell>
                <Table.HeaderCell>Why</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((r) => (
                <VerdictRow key={r.rule_id} verdict={r} fired={r.rule_id === result.match?.rule_id} />
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </div>
  )
}

const rank = (r: RuleVerdict, result: TestMessageResponse) => (r.rule_id === result.match?.rule_id ? 0 : r.matched ? 1 : 2)

const VerdictRow = ({ verdict, fired }: { verdict: RuleVerdict; fired: boolean }) => (
  <Table.Row>
    <Table.Cell>
      <div className="flex items-center gap-x-2">
        <Text size="small" weight={fired ? "plus" : "regular"} leading="compact">
          {verdict.rule_name ?? verdict.rule_id}
        </Text>
        {fired ? (
          <Badge size="2xsmall" color="green">
            Fires
          </Badge>
        ) : verdict.matched ? (
          <Badge size="2xsmall" color="orange">
            Matches, loses
          </Badge>
        ) : null}
      </div>
    </Table.Cell>
    <Table.Cell>{MATCH_MODE_LABELS[verdict.mode]}</Table.Cell>
    <Table.Cell className="max-w-[32rem] whitespace-normal">
      <Text size="small" className={verdict.matched ? "text-ui-fg-base" : "text-ui-fg-subtle"}>
        {verdict.reason}
      </Text>
    </Table.Cell>
  </Table.Row>
)
