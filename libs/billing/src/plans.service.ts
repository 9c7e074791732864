import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PriceDetails, StripeGateway } from './stripe-gateway.service';

/**
 * The plans sold: the configured price ids, with names, amounts and intervals read from Stripe
 * once per process. Without a secret key (or while Stripe cannot be read) the ids are listed
 * with null details, and a failed read is tried again on the next request.
 */
@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);
  private cached: Promise<PriceDetails[]> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly gateway: StripeGateway,
  ) {}

  get priceIds(): string[] {
    return this.config.values.STRIPE_PRICE_IDS;
  }

  async list(): Promise<PriceDetails[]> {
    if (!this.gateway.configured) return this.priceIds.map(unknownDetails);
    this.cached ??= Promise.all(this.priceIds.map((id) => this.gateway.retrievePrice(id)));
    try {
      return await this.cached;
    } catch (error) {
      this.cached = null;
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'could not read the plans from Stripe',
      );
      return this.priceIds.map(unknownDetails);
    }
  }
}

function unknownDetails(priceId: string): PriceDetails {
  return { priceId, name: null, amount: null, currency: null, interval: null };
}
