import { Container, Skeleton } from "@medusajs/ui"
import { useAutoReplySettings } from "../../lib/inbox"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"
import { AutoReplySettingsForm } from "./auto-reply-settings-form"

/** Business hours and away message, the inbox red flag, the discount rules hand out, the fallback template. */
export const AutoReplySettingsSection = () => {
  const { data, isPending, isError, error, refetch } = useAutoReplySettings()

  return (
    <Container className="divide-y p-0">
      <SectionHeader level="h1" title="Auto-reply settings" subtitle="How the store answers when no person does." />
      {isPending ? (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : isError ? (
        <ErrorState title="Couldn't load the auto-reply settings" error={error} onRetry={() => refetch()} />
      ) : (
        // Saved settings come back from the server: start the form again from them.
        <AutoReplySettingsForm key={JSON.stringify(data.settings)} settings={data.settings} />
      )}
    </Container>
  )
}
