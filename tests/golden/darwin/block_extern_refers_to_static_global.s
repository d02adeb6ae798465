	.build_version macos, 11, 0
	.globl _main
	.text
_main:
	pushq %rbp
	movq %rsp, %rbp
	movl _x(%rip), %eax
	leave
	ret
	movl $0, %eax
	leave
	ret
	.data
	.balign 4
_x:
	.long 5
	.subsections_via_symbols
