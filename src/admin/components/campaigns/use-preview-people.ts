import { useSegmentPreview, useSegments } from "../../lib/segments"
import type { PreviewPerson } from "./message-preview"
import { ALL_CONTACTS } from "./wizard-draft"

export interface PreviewOption extends PreviewPerson {
  key: string
  label: string
}

const SAMPLE: PreviewOption = { key: "sample", label: "Sample customer (Ana Silva)", first_name: "Ana", last_name: "Silva" }
const NO_NAME: PreviewOption = { key: "no-name", label: "Customer without a name (shows fallbacks)", first_name: null, last_name: null }

/**
 * People to preview the message as: real members from the segment's sample (the segment preview
 * returns a few), a made-up customer, and one with no name (to check the fallbacks).
 */
export function usePreviewPeople(segmentId: string): PreviewOption[] {
  const segments = useSegments()
  const segment = segmentId && segmentId !== ALL_CONTACTS ? segments.data?.segments.find((s) => s.id === segmentId) ?? null : null
  const preview = useSegmentPreview(segment && segment.members !== null ? segment.rules : null)
  const members: PreviewOption[] = (preview.data?.sample ?? [])
    .filter((m) => m.marketing_consent === "granted")
    .slice(0, 5)
    .map((m) => ({
      key: m.customer_id,
      label: [m.first_name, m.last_name].filter(Boolean).join(" ") || m.email || m.customer_id,
      first_name: m.first_name,
      last_name: m.last_name,
    }))
  return [...members, ...(members.length ? [] : [SAMPLE]), NO_NAME]
}
