import { SquareTwoStack } from "@medusajs/icons"
import { Button, Container, Copy, Text } from "@medusajs/ui"
import { useNow } from "../../lib/format"
import type { WhatsappSettingsResponse } from "../../lib/types"
import { SectionHeader } from "../common/section-header"
import { SectionRow } from "../common/section-row"
import { RelativeTimestamp } from "../common/timestamp"

type Props = { settings: WhatsappSettingsResponse }

/** The callback URL to paste into Meta, and whether anything has arrived on it. */
export const WebhookSection = ({ settings }: Props) => {
  const now = useNow()
  return (
    <Container className="divide-y p-0">
      <SectionHeader title="Webhook" subtitle="Paste this callback URL, with the verify token, in Meta's App Dashboard under WhatsApp › Configuration." />
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
          Callback URL
        </Text>
        <div className="flex items-center gap-x-2">
          <div className="bg-ui-bg-field shadow-borders-base min-w-0 flex-1 rounded-md px-2 py-1.5">
            <Text size="small" leading="compact" className="break-all font-mono">
              {settings.webhook_url}
            </Text>
          </div>
          <Copy content={settings.webhook_url} asChild>
            <Button size="small" variant="secondary" className="shrink-0">
              <SquareTwoStack />
              Copy
            </Button>
          </Copy>
        </div>
      </div>
      <SectionRow
        title="Last webhook received"
        value={
          <Text size="small" leading="compact" className="text-ui-fg-subtle">
            <RelativeTimestamp value={settings.last_webhook_received_at} now={now} empty="Never" />
          </Text>
        }
      />
    </Container>
  )
}
