import type { Channel, OutputOf, ParsedInputOf } from '@shared/contract';
import type { AppContext } from '../core/context';

export type Handler<C extends Channel> = (
  ctx: AppContext,
  input: ParsedInputOf<C>,
) => OutputOf<C> | Promise<OutputOf<C>>;

/** A domain's slice of the API: one line per channel into its service. */
export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };
export type Handlers = HandlerMap<Channel>;
