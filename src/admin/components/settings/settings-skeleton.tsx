import { Container, Skeleton } from "@medusajs/ui"

export const SettingsSkeleton = () => (
  <div className="flex flex-col gap-y-3">
    {[6, 3, 3].map((rows, section) => (
      <Container key={section} className="divide-y p-0">
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-6 w-32" />
          <Skeleton className="h-4 w-64" />
        </div>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="grid grid-cols-2 items-center gap-4 px-6 py-4">
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-4 w-40" />
          </div>
        ))}
      </Container>
    ))}
  </div>
)
