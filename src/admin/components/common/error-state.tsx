import { Button, Text } from "@medusajs/ui"
import { errorMessage } from "../../lib/sdk"

type ErrorStateProps = {
  title: string
  error: unknown
  onRetry?: () => void
}

export const ErrorState = ({ title, error, onRetry }: ErrorStateProps) => (
  <div className="flex flex-col items-start gap-y-2 px-6 py-4">
    <Text size="small" weight="plus" leading="compact">
      {title}
    </Text>
    <Text size="small" className="text-ui-fg-subtle">
      {errorMessage(error)}
    </Text>
    {onRetry && (
      <Button size="small" variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    )}
  </div>
)
