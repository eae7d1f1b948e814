import type { Database } from "../db.server";
import { fromMinorUnits } from "../money/money";
import { csvLine } from "./csv";
import { segmentSlug, type Segment } from "./rfm";
import { allSegmentMembers } from "./scores.server";

export const SEGMENT_CSV_COLUMNS = [
  "customer_id",
  "first_name",
  "last_name",
  "email",
  "segment",
  "activity",
  "recency_score",
  "frequency_score",
  "monetary_score",
  "orders",
  "net_spend",
  "currency",
  "first_order",
  "last_order",
] as const;

export const segmentCsvFilename = (segment: Segment, now: Date) => `encore-${segmentSlug(segment)}-${now.toISOString().slice(0, 10)}.csv`;

/** The segment's members as CSV, streamed a batch at a time (one shop's rows only). */
export function segmentCsvStream(db: Database, shop: string, segment: Segment, currencyCode: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = allSegmentMembers(db, shop, segment);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // A byte order mark so spreadsheet apps read names as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvLine([...SEGMENT_CSV_COLUMNS])}`));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value
        .map((m) =>
          csvLine([
            m.customerId,
            m.firstName,
            m.lastName,
            m.email,
            segment,
            m.activity,
            m.r,
            m.f,
            m.m,
            m.orderCount,
            Number(fromMinorUnits(m.netCents, currencyCode)),
            currencyCode,
            m.firstOrderAt.toISOString().slice(0, 10),
            m.lastOrderAt.toISOString().slice(0, 10),
          ]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
