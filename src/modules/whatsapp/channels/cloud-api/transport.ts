/**
 * How the Cloud API client moves JSON over HTTP: Node's http/https with a keep-alive agent by
 * default, axios when an HTTP(S)_PROXY variable is set (axios implements proxies; Node 20's http
 * does not).
 *
 * Why not axios always: measured against the sandbox with 64 requests in flight, axios costs
 * 216–249 µs of CPU per request against 77–96 µs for Node's http (axios's config merging,
 * transforms and interceptors per call). At campaign rates that was the largest single cost of the
 * dispatcher (see bench/README.md), and the client needs nothing axios adds: no redirects, no
 * interceptors, one content type.
 *
 * Both transports answer every HTTP status (Graph errors are read from the body, not the status)
 * and fail only on transport problems, as TransportError.
 */
import http from "node:http"
import https from "node:https"
import axios, { type AxiosInstance } from "axios"

export interface TransportRequest {
  method: "GET" | "POST" | "DELETE"
  /** Path under the base URL, starting with "/". */
  url: string
  params?: Record<string, string | number | undefined>
  data?: unknown
}

export interface TransportResponse {
  status: number
  /** Parsed JSON, or the raw text when the body is not JSON (e.g. a proxy's HTML error page). */
  data: unknown
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** The request left this process (a retry may reach Meta); false for local mistakes. */
    readonly reached: boolean
  ) {
    super(message)
    this.name = "TransportError"
  }
}

export interface TransportOptions {
  /** Base URL including the API version, no trailing slash. */
  baseUrl: string
  timeoutMs: number
  headers: Record<string, string>
}

const PROXY_ENV = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]

export function createTransport(options: TransportOptions, env: NodeJS.ProcessEnv = process.env): Transport {
  return PROXY_ENV.some((k) => env[k]) ? axiosTransport(options) : nodeTransport(options)
}

function target(base: URL, request: TransportRequest): URL {
  const url = new URL(base.pathname.replace(/\/$/, "") + request.url, base)
  for (const [k, v] of Object.entries(request.params ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
  return url
}

function parseBody(text: string): unknown {
  if (!text) return ""
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function nodeTransport(options: TransportOptions): Transport {
  const base = new URL(options.baseUrl)
  const lib = base.protocol === "https:" ? https : http
  // Keep-alive, as many sockets as requests in flight (the dispatcher bounds those itself).
  const agent = new lib.Agent({ keepAlive: true, scheduling: "lifo" })
  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      let url: URL
      try {
        url = target(base, request)
      } catch (e) {
        return reject(new TransportError(`invalid request URL: ${(e as Error).message}`, "ERR_INVALID_URL", false))
      }
      // A string body, not a Buffer: Node then sends headers and body in one write(); a Buffer goes
      // out as a two-chunk writev, which cost the dispatcher a quarter of its CPU at campaign rates.
      const body = request.data === undefined ? undefined : JSON.stringify(request.data)
      const headers: Record<string, string | number> = { ...options.headers, accept: "application/json" }
      if (body !== undefined) headers["content-length"] = Buffer.byteLength(body)
      let settled = false
      const fail = (e: NodeJS.ErrnoException, reached: boolean) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(new TransportError(e.message, e.code ?? "ERR_UNKNOWN", reached))
      }
      const req = lib.request(url, { method: request.method, agent, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          resolve({ status: res.statusCode ?? 0, data: parseBody(Buffer.concat(chunks).toString("utf8")) })
        })
        res.on("error", (e) => fail(e, true))
      })
      const timer = setTimeout(() => {
        const e: NodeJS.ErrnoException = new Error(`timeout of ${options.timeoutMs}ms exceeded`)
        e.code = "ECONNABORTED"
        fail(e, true)
        req.destroy()
      }, options.timeoutMs)
      req.on("error", (e: NodeJS.ErrnoException) => {
        // Like axios: an error once the request exists counts as reached (connection refused,
        // reset, DNS), so it is classified as a retryable transport failure.
        fail(e, true)
      })
      req.end(body)
    })
}

export function axiosTransport(options: TransportOptions): Transport {
  const client: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: options.headers,
    // Graph errors are mapped from the body's code, not from the HTTP status.
    validateStatus: () => true,
    // Graph never redirects these calls.
    maxRedirects: 0,
  })
  return async (request) => {
    try {
      const res = await client.request({ method: request.method, url: request.url, params: request.params, data: request.data })
      return { status: res.status, data: res.data }
    } catch (e) {
      // Never rethrow the axios error: its config holds the Authorization header.
      if (axios.isAxiosError(e)) throw new TransportError(e.message, e.code ?? "ERR_UNKNOWN", Boolean(e.request))
      throw new TransportError(String(e), "ERR_UNKNOWN", false)
    }
  }
}
