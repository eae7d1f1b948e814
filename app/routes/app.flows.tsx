import type { LoaderFunctionArgs } from "@remix-run/node";
import { UpcomingSection } from "~/components/UpcomingSection";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function Flows() {
  return (
    <UpcomingSection
      title="Flows"
      summary="A one-click offer after checkout, thank-you page offers and timed follow-up chains."
      points={["Thanks and next-order code, feedback request, win-back", "Replenishment reminders at the end of a product's use cycle", "Every step runs once, on time"]}
    />
  );
}
