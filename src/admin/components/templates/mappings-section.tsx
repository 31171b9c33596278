import { Container, Skeleton } from "@medusajs/ui"
import { useNotificationMappings, useTemplates } from "../../lib/notifications"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"
import { MappingRow } from "./mapping-row"

/** Which template each order/customer event sends, and how its variables are filled. */
export const MappingsSection = () => {
  const mappings = useNotificationMappings()
  const templates = useTemplates()

  return (
    <Container className="divide-y p-0">
      <SectionHeader title="Notifications" subtitle="The template sent for each event. Customers get them only after opting in to WhatsApp order updates." />
      {mappings.isPending || templates.isPending ? (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-16 w-full" />
          ))}
        </div>
      ) : mappings.isError ? (
        <ErrorState title="Couldn't load notifications" error={mappings.error} onRetry={() => mappings.refetch()} />
      ) : (
        mappings.data.mappings.map((m) => (
          <MappingRow
            // A saved change comes back from the server as a new mapping: start from it.
            key={`${m.event}:${JSON.stringify(m)}`}
            mapping={m}
            templates={templates.data?.templates ?? []}
            sources={mappings.data.parameter_sources}
          />
        ))
      )}
    </Container>
  )
}
