import { Container, StatusBadge } from "@medusajs/ui"
import type { WhatsappSettingsResponse } from "../../lib/types"
import { SectionHeader } from "../common/section-header"
import { SectionRow } from "../common/section-row"

const SECRETS: { key: "has_access_token" | "has_app_secret" | "has_webhook_verify_token"; title: string }[] = [
  { key: "has_access_token", title: "Access token" },
  { key: "has_app_secret", title: "App secret" },
  { key: "has_webhook_verify_token", title: "Webhook verify token" },
]

type Props = { settings: WhatsappSettingsResponse }

/** Whether each secret is set. The values never reach the browser. */
export const CredentialsSection = ({ settings }: Props) => (
  <Container className="divide-y p-0">
    <SectionHeader title="Credentials" subtitle="Set in the plugin options or environment. Values are never shown here." />
    {SECRETS.map(({ key, title }) => (
      <SectionRow
        key={key}
        title={title}
        value={settings[key] ? <StatusBadge color="green">Configured</StatusBadge> : <StatusBadge color="red">Not set</StatusBadge>}
      />
    ))}
  </Container>
)
