package platform

// helpers2015 are the prototypes of the 2015 kernels, indexed by id:
// Linux v4.2 declares ids 1..16, v4.3 ids 1..22. Their argument kinds are
// the 2015 enum bpf_arg_type's: ArgStack is ARG_PTR_TO_STACK, a stack
// buffer whose size is the ArgConstSize (ARG_CONST_STACK_SIZE) after it;
// map keys and values are read from the stack.
var helpers2015 = [...]Proto{
	1:  {ID: 1, Ret: ret(RetMapValue, RetMaybeNull), Args: args(mapPtr, mapKey)},
	2:  {ID: 2, Ret: integer, Args: args(mapPtr, mapKey, mapValue, anything)},
	3:  {ID: 3, Ret: integer, Args: args(mapPtr, mapKey)},
	4:  {ID: 4, GPLOnly: true, Ret: integer, Args: args(stack, constSize, anything)},
	5:  {ID: 5, GPLOnly: true, Ret: integer},
	6:  {ID: 6, GPLOnly: true, Ret: integer, Args: args(stack, constSize)},
	7:  {ID: 7, Ret: integer},
	8:  {ID: 8, Ret: integer},
	9:  {ID: 9, Ret: integer, Args: args(ctx, anything, stack, constSize, anything)},
	10: {ID: 10, Ret: integer, Args: args(ctx, anything, anything, anything, anything)},
	11: {ID: 11, Ret: integer, Args: args(ctx, anything, anything, anything, anything)},
	12: {ID: 12, Ret: void, Args: args(ctx, mapPtr, anything), NoReturn: true},
	13: {ID: 13, Ret: integer, Args: args(ctx, anything, anything)},
	14: {ID: 14, Ret: integer},
	15: {ID: 15, Ret: integer},
	16: {ID: 16, Ret: integer, Args: args(stack, constSize)},
	17: {ID: 17, Ret: integer, Args: args(ctx)},
	18: {ID: 18, Ret: integer, Args: args(ctx, anything, anything)},
	19: {ID: 19, Ret: integer, Args: args(ctx)},
	20: {ID: 20, Ret: integer, Args: args(ctx, stack, constSize, anything)},
	21: {ID: 21, Ret: integer, Args: args(ctx, stack, constSize, anything)},
	22: {ID: 22, Ret: integer, Args: args(mapPtr, anything)},
}
