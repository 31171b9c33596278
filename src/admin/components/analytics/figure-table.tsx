import { Table } from "@medusajs/ui"
import { formatCell, type AnalyticsFigure } from "../../lib/analytics"

/** The figure's rows as a table, each cell formatted by its column type. */
export const FigureTable = ({ figure }: { figure: AnalyticsFigure }) => (
  <div className="overflow-x-auto">
    <Table>
      <Table.Header>
        <Table.Row>
          {figure.columns.map((c) => (
            <Table.HeaderCell key={c.key} className={c.type === "text" || c.type === "date" ? "" : "text-right"}>
              {c.label}
            </Table.HeaderCell>
          ))}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {figure.rows.map((r, i) => (
          <Table.Row key={i}>
            {figure.columns.map((c) => (
              <Table.Cell key={c.key} className={c.type === "text" || c.type === "date" ? "" : "text-right tabular-nums"}>
                {formatCell(r[c.key], c.type, figure.currency)}
              </Table.Cell>
            ))}
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  </div>
)
