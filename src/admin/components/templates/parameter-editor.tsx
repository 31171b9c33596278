import { Plus, Trash } from "@medusajs/icons"
import { Button, IconButton, Input, Select, Text } from "@medusajs/ui"
import { sourceLabel, type ParameterComponent, type ParameterMapping } from "../../lib/notifications"

const COMPONENTS: { value: ParameterComponent; label: string }[] = [
  { value: "header", label: "Header" },
  { value: "body", label: "Body" },
  { value: "button", label: "Button URL" },
]

type Props = {
  parameters: ParameterMapping[]
  sources: string[]
  /** The template uses named variables ({{first_name}}) rather than {{1}}, {{2}}… */
  named: boolean
  disabled?: boolean
  onChange: (parameters: ParameterMapping[]) => void
}

/** Which variable a row fills: {{n}} by its position among the same component's rows, or its name. */
function variableLabel(parameters: ParameterMapping[], i: number, named: boolean): string {
  const p = parameters[i]
  if (p.component === "button") return `Button ${(p.index ?? 0) + 1}`
  if (named && p.parameter_name) return `{{${p.parameter_name}}}`
  const position = parameters.slice(0, i + 1).filter((q) => q.component === p.component).length
  return `${p.component === "header" ? "Header " : ""}{{${position}}}`
}

/** One row per template variable: where its value comes from, and what to use when that is empty. */
export const ParameterEditor = ({ parameters, sources, named, disabled, onChange }: Props) => {
  const update = (i: number, patch: Partial<ParameterMapping>) => onChange(parameters.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  const remove = (i: number) => onChange(parameters.filter((_, j) => j !== i))
  const add = () => onChange([...parameters, { component: "body", source: sources[0] ?? "customer.first_name" }])

  return (
    <div className="flex flex-col gap-y-2">
      {parameters.length === 0 && (
        <Text size="small" className="text-ui-fg-muted">
          No parameters: the template is sent as written.
        </Text>
      )}
      {parameters.map((p, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2">
          <Text size="xsmall" weight="plus" className="text-ui-fg-subtle w-20 shrink-0 font-mono">
            {variableLabel(parameters, i, named)}
          </Text>
          <div className="w-32">
            <Select
              size="small"
              value={p.component}
              disabled={disabled}
              onValueChange={(v) => {
                const component = v as ParameterComponent
                update(i, component === "button" ? { component, index: p.index ?? 0 } : { component, index: undefined })
              }}
            >
              <Select.Trigger aria-label="Component">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {COMPONENTS.map((c) => (
                  <Select.Item key={c.value} value={c.value}>
                    {c.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          {p.component === "button" && (
            <div className="w-20">
              <Input
                size="small"
                type="number"
                min={1}
                max={10}
                aria-label="Which button (1 = first)"
                title="Which button (1 = first)"
                value={(p.index ?? 0) + 1}
                disabled={disabled}
                onChange={(e) => update(i, { index: Math.min(9, Math.max(0, (Number(e.target.value) || 1) - 1)) })}
              />
            </div>
          )}
          <div className="min-w-[12rem] flex-1">
            <Select size="small" value={p.source} disabled={disabled} onValueChange={(source) => update(i, { source })}>
              <Select.Trigger aria-label="Value from">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {sources.map((s) => (
                  <Select.Item key={s} value={s}>
                    {sourceLabel(s)}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          {named && (
            <div className="w-36">
              <Input
                size="small"
                placeholder="variable name"
                aria-label="Variable name"
                value={p.parameter_name ?? ""}
                disabled={disabled}
                onChange={(e) => update(i, { parameter_name: e.target.value.toLowerCase() || undefined })}
              />
            </div>
          )}
          <div className="min-w-[10rem] flex-1">
            <Input
              size="small"
              placeholder="Fallback when empty"
              aria-label="Fallback when empty"
              maxLength={200}
              value={p.fallback ?? ""}
              disabled={disabled}
              onChange={(e) => update(i, { fallback: e.target.value || undefined })}
            />
          </div>
          <IconButton size="small" variant="transparent" aria-label="Remove parameter" disabled={disabled} onClick={() => remove(i)}>
            <Trash />
          </IconButton>
        </div>
      ))}
      <Button size="small" variant="transparent" className="self-start" disabled={disabled || parameters.length >= 20} onClick={add}>
        <Plus />
        Add parameter
      </Button>
    </div>
  )
}
