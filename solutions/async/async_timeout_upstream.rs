// The price endpoint asks the upstream pricing service, but waits for it at most 2 seconds: a
// slow upstream must become a 504 Gateway Timeout, a failing one a 502 Bad Gateway.
// `price_handler` doesn't compile. Fix it.

use std::time::Duration;
use tokio::time::timeout;

const UPSTREAM_BUDGET: Duration = Duration::from_secs(2);

// Each error's number is its HTTP status: `ApiError::BadGateway as u16` is 502.
#[derive(Debug, PartialEq, Clone, Copy)]
enum ApiError {
    BadGateway = 502,
    GatewayTimeout = 504,
}

struct UpstreamError;

impl From<UpstreamError> for ApiError {
    fn from(_: UpstreamError) -> Self {
        ApiError::BadGateway
    }
}

struct PricingService {
    latency: Duration,
    healthy: bool,
}

impl PricingService {
    async fn price_cents(&self, sku: &str) -> Result<u64, UpstreamError> {
        tokio::time::sleep(self.latency).await;
        if !self.healthy {
            return Err(UpstreamError);
        }
        Ok(if sku == "mug" { 1299 } else { 450 })
    }
}

async fn price_handler(pricing: &PricingService, sku: &str) -> Result<String, ApiError> {
    // `timeout` wraps the call's own Result in another one: Err(Elapsed) if the budget ran out
    // first (the upstream future is then dropped, which cancels the call), otherwise Ok with
    // the upstream's Result inside. The outer error needs its own mapping, to the 504; the
    // inner one already converts to a 502 through `From`. `impl From<Elapsed> for ApiError`
    // would work too; map_err keeps the decision here, where the budget is. Unwrapping would
    // turn every slow upstream into a crashed request instead of a clean 504.
    let cents = timeout(UPSTREAM_BUDGET, pricing.price_cents(sku))
        .await
        .map_err(|_elapsed| ApiError::GatewayTimeout)??;
    Ok(format!("{sku}: {}.{:02} EUR", cents / 100, cents % 100))
}

#[tokio::main]
async fn main() {
    let pricing = PricingService {
        latency: Duration::from_millis(100),
        healthy: true,
    };
    println!("{:?}", price_handler(&pricing, "mug").await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn pricing(latency_ms: u64, healthy: bool) -> PricingService {
        PricingService {
            latency: Duration::from_millis(latency_ms),
            healthy,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_prompt_answer_is_served() {
        let body = price_handler(&pricing(300, true), "mug").await;
        assert_eq!(body, Ok("mug: 12.99 EUR".to_string()));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_upstream_is_a_bad_gateway() {
        let error = price_handler(&pricing(300, false), "mug")
            .await
            .unwrap_err();
        assert_eq!((error, error as u16), (ApiError::BadGateway, 502));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_upstream_is_abandoned_after_two_seconds() {
        let start = Instant::now();
        // The handler runs in a task of its own, as a web server runs each request.
        let slow = pricing(30_000, true);
        let answer = tokio::spawn(async move { price_handler(&slow, "tea").await })
            .await
            .expect("price_handler panicked: a slow upstream is a 504 for the client, not a crash");
        assert_eq!(answer, Err(ApiError::GatewayTimeout));
        assert_eq!(ApiError::GatewayTimeout as u16, 504);
        assert_eq!(start.elapsed(), UPSTREAM_BUDGET);
    }
}
