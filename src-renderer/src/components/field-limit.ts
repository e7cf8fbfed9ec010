import { channels, limitsOfShape, type ChannelName } from '../../../src-preload/contract';
import { formatCount } from './format';

// A text box's length limit, said before it is reached: short limits up front ("Up to 100 characters."), every limit
// as a count once the text comes near it ("3,900 of 4,096 characters"). The box's maxLength stops the rest.

/** Limits at or under this are said up front; longer ones only once the text comes near them. */
const SAY_UP_FRONT = 500;
const NEAR = 0.8;

export function limitHint(maxLength: number | undefined, length: number): string | null {
  if (!maxLength) return null;
  if (length >= maxLength * NEAR) return `${formatCount(length)} of ${formatCount(maxLength)} characters.`;
  if (maxLength <= SAY_UP_FRONT) return `Up to ${formatCount(maxLength)} characters.`;
  return null;
}

/** A field's own help with its limit after it, for a FormGroup's helperText. */
export function helpWithLimit(help: string | undefined, maxLength: number | undefined, length: number): string | undefined {
  const hint = limitHint(maxLength, length);
  if (!hint) return help;
  return help ? `${help} ${hint}` : hint;
}

/** The longest text a channel's input takes for one key, read from the contract (never typed again by hand). */
export function contractMax(channel: ChannelName, key: string): number | undefined {
  return limitsOfShape(channels[channel].input, [key])[key]?.maxLength;
}
