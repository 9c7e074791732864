import { ApiProperty } from '@nestjs/swagger';

export class RevisionView {
  @ApiProperty({ description: 'The text as it was before the edit that replaced it' })
  body: string;
  @ApiProperty({ format: 'date-time', description: 'When that edit replaced it' })
  createdAt: string;
}

export class RevisionsView {
  @ApiProperty({
    type: [RevisionView],
    description:
      "Earlier texts, oldest first (the kept ones); empty for a comment never edited or whose author's account is erased",
  })
  items: RevisionView[];
}
