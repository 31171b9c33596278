export * from "./send-notification"
export * from "./handle-inbound-message"
export * from "./campaigns"
