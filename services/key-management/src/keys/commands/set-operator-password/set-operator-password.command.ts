export interface SetOperatorPasswordInput {
  partnerId: string;
  operatorId: string;
  password: string;
}
