/**
 * Which numbers a company may hand out (issue 12, tenancy). Like a business phone provider:
 *
 * - Public numbers (E.164) belong to the company whose number block (`company_number_blocks`,
 *   set up by the operator: seed data or `addNumberBlock`) they lie in. A company's main number,
 *   its queue numbers and its users' landlines must be in the company's own blocks.
 * - A mobile is the user's own outside number: it may not lie in another company's block.
 * - Every number has one owner: a public number across all companies, an extension (or any
 *   short number) within its company, so two companies can both have extension 1002.
 *
 * Refusals are 409s that name the field (`numbers.landline`, …) and store nothing.
 */
import type { UserNumbers } from '../../shared/model';
import { text } from '../../shared/text';
import type { NumberBlock, StoreReader, StoreWriter, UserRecord } from '../db/store';
import { conflict, invalid } from './errors';

export const isPublicNumber = (number: string): boolean => number.startsWith('+');

type NumberField = 'extension' | 'extraExtensions' | 'landline' | 'mobile';

function numbersOf(numbers: UserNumbers): [NumberField, string][] {
  const list: [NumberField, string][] = [];
  if (numbers.extension) list.push(['extension', numbers.extension]);
  for (const extra of numbers.extraExtensions) list.push(['extraExtensions', extra]);
  if (numbers.landline) list.push(['landline', numbers.landline]);
  if (numbers.mobile) list.push(['mobile', numbers.mobile]);
  return list;
}

function taken(field: NumberField, number: string): never {
  throw conflict(`The number ${number} (numbers.${field}) already belongs to someone else`, { field: `numbers.${field}` }, text('error.numberTaken', { number }));
}

function notOurs(field: NumberField, number: string): never {
  throw conflict(
    `The number ${number} (numbers.${field}) is not one of your company's numbers`,
    { field: `numbers.${field}` },
    text('error.numberNotOwned', { number }),
  );
}

/**
 * Refuses numbers the user's company may not give the user: a landline outside the company's
 * blocks, a mobile in another company's block, anything someone else already has. The user's
 * own current numbers pass (saving them again changes nothing).
 */
export async function checkUserNumbers(reader: StoreReader, user: UserRecord): Promise<void> {
  for (const [field, number] of numbersOf(user.numbers)) {
    if (isPublicNumber(number)) {
      const block = await reader.findNumberBlock(number);
      if (field === 'mobile' ? block !== null && block.companyId !== user.companyId : block?.companyId !== user.companyId) notOurs(field, number);
      const owner = await reader.findNumber(number);
      if (owner && owner.userId !== user.id) taken(field, number);
    } else {
      const owner = await reader.findNumberIn(user.companyId, number);
      if (owner && owner.userId !== user.id) taken(field, number);
    }
  }
}

/**
 * Gives a company a block of public numbers (operator side: seed data, the server's
 * `--add-numbers` option). Refused when the block is malformed or overlaps any company's block.
 */
export async function addNumberBlock(tx: StoreWriter, companyId: string, firstNumber: string, lastNumber: string, now: Date): Promise<NumberBlock> {
  const e164 = /^\+[1-9]\d{6,14}$/;
  if (!e164.test(firstNumber)) throw invalid(`firstNumber ${firstNumber} is not an E.164 number`, { field: 'firstNumber' });
  if (!e164.test(lastNumber) || lastNumber.length !== firstNumber.length || lastNumber < firstNumber) {
    throw invalid(`lastNumber ${lastNumber} must be an E.164 number of the same length, not below ${firstNumber}`, { field: 'lastNumber' });
  }
  if (!(await tx.getCompany(companyId))) throw invalid(`There is no company ${companyId}`, { field: 'companyId' });
  const overlapping = await tx.overlappingNumberBlocks(firstNumber, lastNumber);
  if (overlapping.length > 0) {
    const other = overlapping[0]!;
    throw conflict(`The block overlaps ${other.firstNumber}–${other.lastNumber} of company ${other.companyId}`, { field: 'firstNumber' });
  }
  const block: NumberBlock = { companyId, firstNumber, lastNumber, createdAt: now.toISOString() };
  await tx.insertNumberBlock(block);
  return block;
}

/** Whether a company-level number (main number, queue number) may be the company's: in its own blocks, or short. */
export async function ownsNumber(reader: StoreReader, companyId: string, number: string): Promise<boolean> {
  if (!isPublicNumber(number)) return true;
  return (await reader.findNumberBlock(number))?.companyId === companyId;
}
