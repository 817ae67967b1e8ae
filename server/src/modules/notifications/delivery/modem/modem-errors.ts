import { ChannelError } from '../channel.ts';
import type { AtError } from './at-session.ts';

/**
 * What a failed AT+CMGS means for the message and the queue (3GPP TS 27.005 §3.2.5 CMS codes and
 * TS 27.007 CME codes). The SIM, the network and "the network refused to send anything" (which is
 * what an operator answers when the SIM is out of credit or barred) stop the queue; a number the
 * network does not know fails the message; anything else is retried.
 */
export function classifyModemError(err: AtError): ChannelError {
  if (err.timedOut)
    return new ChannelError('unavailable', 'The modem did not answer in time', 'not_responding');
  const cms = err.cms;
  const cme = err.cme;
  if (cms === 310 || cme === 10) return new ChannelError('unavailable', 'No SIM card in the modem', 'no_sim');
  if (cms === 311 || cms === 316 || cme === 11 || cme === 12)
    return new ChannelError('unavailable', 'The SIM card asks for its PIN (or PUK)', 'sim_pin');
  if (cms === 313 || cme === 13) return new ChannelError('unavailable', 'The SIM card failed', 'no_sim');
  if (cms === 331 || cms === 332 || cms === 38 || cme === 30 || cme === 31)
    return new ChannelError('unavailable', `No mobile network (${err.result})`, 'no_network');
  if (cms === 21 || cms === 50 || cms === 8 || cms === 10)
    return new ChannelError(
      'unavailable',
      `The network refused to send (${err.result}): the SIM is probably out of credit or barred from sending SMS`,
      'out_of_credit',
    );
  if (cms === 1 || cms === 28 || cms === 96 || cms === 304 || cms === 305)
    return new ChannelError('permanent', `The message cannot be sent to this number (${err.result})`);
  return new ChannelError('transient', `The modem could not send the message (${err.result})`);
}
