// The thread the ERP client parses its long reads' pages on (customers, contacts, ship-tos, the price book).
import { serveParsers } from '../../engine/off-thread-parser-worker';
import { ERP_PAGE_PARSERS } from './parse';

serveParsers(ERP_PAGE_PARSERS);
