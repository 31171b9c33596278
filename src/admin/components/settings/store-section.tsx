import { Container } from "@medusajs/ui"
import type { WhatsappSettingsResponse } from "../../lib/types"
import { SectionHeader } from "../common/section-header"
import { SectionRow } from "../common/section-row"

const regionName = (code: string | null) => {
  if (!code) return "-"
  try {
    const name = new Intl.DisplayNames(undefined, { type: "region" }).of(code)
    return name && name !== code ? `${name} (${code})` : code
  } catch {
    return code
  }
}

type Props = { settings: WhatsappSettingsResponse }

/** How phone numbers and times are read, and the name messages are signed with. */
export const StoreSection = ({ settings }: Props) => (
  <Container className="divide-y p-0">
    <SectionHeader title="Store" subtitle="Used to read phone numbers without a country code and to time messages." />
    <SectionRow title="Default region" value={regionName(settings.default_region)} />
    <SectionRow title="Time zone" value={settings.store_timezone} />
    <SectionRow title="Store name" value={settings.store_name} />
  </Container>
)
