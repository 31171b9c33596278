import { Container, Skeleton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { ErrorState } from "./error-state"
import { SectionHeader } from "./section-header"

/** Three grey bars while a list loads. */
export const ListSkeleton = () => (
  <div className="flex flex-col gap-y-3 px-6 py-4">
    {[0, 1, 2].map((i) => (
      <Skeleton key={i} className="h-5 w-full" />
    ))}
  </div>
)

/** "No … yet" and what to do about it. */
export const EmptyState = ({ title, description }: { title: string; description: ReactNode }) => (
  <div className="flex flex-col items-center gap-y-1 px-6 py-6 text-center">
    <Text size="small" weight="plus" leading="compact">
      {title}
    </Text>
    <Text size="small" className="text-ui-fg-muted">
      {description}
    </Text>
  </div>
)

/** What ListSection reads of a react-query result. */
type ListQuery<T> = {
  data: T | undefined
  isPending: boolean
  isError: boolean
  error: unknown
  refetch: () => unknown
}

type ListSectionProps<T> = {
  title: string
  subtitle?: string
  actions?: ReactNode
  query: ListQuery<T>
  /** "Couldn't load the FAQs" */
  errorTitle: string
  isEmpty: (data: T) => boolean
  empty: { title: string; description: ReactNode }
  /** The list itself, once loaded and not empty. */
  children: (data: T) => ReactNode
  /** Rendered after the list, inside the section (the section's drawer or modal). */
  footer?: ReactNode
}

/**
 * A page section that lists something: header with actions, then a skeleton while loading, the
 * error with a retry, an empty state, or the list.
 */
export function ListSection<T>({ title, subtitle, actions, query, errorTitle, isEmpty, empty, children, footer }: ListSectionProps<T>) {
  const { data, isPending, isError, error, refetch } = query
  return (
    <Container className="divide-y p-0">
      <SectionHeader level="h1" title={title} subtitle={subtitle} actions={actions} />
      {isPending ? (
        <ListSkeleton />
      ) : isError ? (
        <ErrorState title={errorTitle} error={error} onRetry={() => refetch()} />
      ) : isEmpty(data as T) ? (
        <EmptyState title={empty.title} description={empty.description} />
      ) : (
        children(data as T)
      )}
      {footer}
    </Container>
  )
}
