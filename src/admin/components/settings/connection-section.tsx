import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Button, Container, StatusBadge, Text } from "@medusajs/ui"
import type { WhatsappSettingsResponse } from "../../lib/types"
import { SectionHeader } from "../common/section-header"
import { SectionRow } from "../common/section-row"

const PROVIDERS: Record<string, string> = { cloud_api: "WhatsApp Cloud API" }

type Props = { settings: WhatsappSettingsResponse }

export const ModeBadge = ({ mode }: { mode: WhatsappSettingsResponse["mode"] }) =>
  mode === "sandbox" ? <StatusBadge color="orange">Sandbox</StatusBadge> : <StatusBadge color="green">Live</StatusBadge>

/** Where messages go: provider, API, and the WhatsApp Business numbers in use. */
export const ConnectionSection = ({ settings }: Props) => (
  <Container className="divide-y p-0">
    <SectionHeader
      level="h1"
      title="WhatsApp"
      subtitle="The connection used to send notifications and campaigns and to receive messages."
      actions={<ModeBadge mode={settings.mode} />}
    />
    {settings.mode === "sandbox" && settings.sandbox_chat_url && <SandboxNotice url={settings.sandbox_chat_url} />}
    <SectionRow title="Mode" value={settings.mode === "sandbox" ? "Sandbox (local simulator)" : "Live"} />
    <SectionRow title="Provider" value={PROVIDERS[settings.provider] ?? settings.provider} />
    <SectionRow title="API version" value={settings.api_version} />
    <SectionRow title="Base URL" value={<Mono>{settings.base_url}</Mono>} />
    <SectionRow title="Phone number ID" value={settings.phone_number_id ? <Mono>{settings.phone_number_id}</Mono> : "-"} />
    <SectionRow title="WhatsApp Business Account ID" value={settings.waba_id ? <Mono>{settings.waba_id}</Mono> : "-"} />
  </Container>
)

const Mono = ({ children }: { children: string }) => (
  <Text size="small" leading="compact" className="text-ui-fg-subtle break-all font-mono">
    {children}
  </Text>
)

const SandboxNotice = ({ url }: { url: string }) => (
  <div className="flex items-center justify-between gap-x-4 px-6 py-4">
    <Text size="small" className="text-ui-fg-subtle">
      Messages go to the local sandbox, not to real phones. Chat as a customer and watch statuses on the sandbox page.
    </Text>
    <Button size="small" variant="secondary" asChild>
      <a href={url} target="_blank" rel="noreferrer" className="shrink-0">
        Open sandbox chat
        <ArrowUpRightOnBox />
      </a>
    </Button>
  </div>
)
