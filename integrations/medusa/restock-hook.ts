/**
 * Tells Restock at once what changed in this Medusa store, so that a restock reaches its
 * subscribers without waiting for Restock's next pull. Copy this file to `src/subscribers/`
 * of the Medusa application and set, in Medusa's environment:
 *   RESTOCK_HOOK_URL     Restock's receiver, e.g. https://restock.example.com/hooks/medusa
 *   RESTOCK_HOOK_SECRET  the same value as Restock's RESTOCK_MEDUSA_WEBHOOK_SECRET
 * Each event is posted as {name, inventory_item_ids, product_ids}, signed with an
 * HMAC-SHA256 of "<timestamp>.<body>" (headers X-Restock-Timestamp, X-Restock-Signature).
 * A failed post is only logged: Restock's pulls catch up with what it missed.
 */
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createHmac } from "node:crypto"

type Touched = { inventory_item_ids: string[]; product_ids: string[] }

const ITEM_ROWS: Record<string, string> = {
  "inventory-level": "inventory_level",
  "reservation-item": "reservation_item",
}

async function touched(name: string, ids: string[], container: any): Promise<Touched> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const none: Touched = { inventory_item_ids: [], product_ids: [] }
  if (ids.length === 0) return none
  if (name.includes("inventory-item")) return { ...none, inventory_item_ids: ids }
  for (const [part, entity] of Object.entries(ITEM_ROWS)) {
    if (name.includes(part)) {
      const { data } = await query.graph({
        entity,
        fields: ["inventory_item_id"],
        filters: { id: ids },
        withDeleted: true,
      })
      return { ...none, inventory_item_ids: data.map((row: any) => row.inventory_item_id) }
    }
  }
  if (name.startsWith("product-variant.")) {
    const { data } = await query.graph({
      entity: "product_variant",
      fields: ["product_id"],
      filters: { id: ids },
      withDeleted: true,
    })
    return { ...none, product_ids: data.map((row: any) => row.product_id) }
  }
  if (name.startsWith("product.")) return { ...none, product_ids: ids }
  return none
}

export default async function restockHook({ event, container }: SubscriberArgs<any>) {
  const url = process.env.RESTOCK_HOOK_URL
  const secret = process.env.RESTOCK_HOOK_SECRET
  if (!url || !secret) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const given = ([] as unknown[]).concat(event.data?.id ?? event.data?.ids ?? [])
  const ids = given.filter((id): id is string => typeof id === "string")
  try {
    const body = JSON.stringify({ name: event.name, ...(await touched(event.name, ids, container)) })
    const timestamp = Math.floor(Date.now() / 1000).toString()
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")
    const answer = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-restock-timestamp": timestamp,
        "x-restock-signature": `sha256=${signature}`,
      },
      body,
      signal: AbortSignal.timeout(5000),
    })
    if (!answer.ok) logger.warn(`Restock hook: ${event.name} answered ${answer.status}`)
  } catch (error) {
    logger.warn(`Restock hook: ${event.name} not delivered: ${error}`)
  }
}

export const config: SubscriberConfig = {
  event: [
    "inventory.inventory-item.created",
    "inventory.inventory-item.updated",
    "inventory.inventory-item.deleted",
    "inventory.inventory-level.created",
    "inventory.inventory-level.updated",
    "inventory.inventory-level.deleted",
    "inventory.reservation-item.created",
    "inventory.reservation-item.updated",
    "inventory.reservation-item.deleted",
    "product.created",
    "product.updated",
    "product.deleted",
    "product-variant.created",
    "product-variant.updated",
    "product-variant.deleted",
    "sales-channel.created",
    "sales-channel.updated",
    "sales-channel.deleted",
  ],
}
