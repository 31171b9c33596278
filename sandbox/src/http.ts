import type { IncomingMessage, ServerResponse } from "node:http"
import { invalidParam } from "./errors"
import { metaJson } from "./webhooks"

const MAX_BODY = 5 * 1024 * 1024

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(invalidParam("Request body too large"))
        req.destroy()
      } else chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

/** Parses a JSON body; an empty body counts as `{}` like Graph's form handling. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req)
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw invalidParam("Request body must be valid JSON")
  }
}

/** `graph` = serialise like Graph does (\uXXXX and \/ escapes). */
export function sendJson(res: ServerResponse, status: number, body: unknown, graph = false): void {
  const text = graph ? metaJson(body) : JSON.stringify(body)
  res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", "Content-Length": Buffer.byteLength(text) })
  res.end(text)
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), "Cache-Control": "no-store" })
  res.end(html)
}
