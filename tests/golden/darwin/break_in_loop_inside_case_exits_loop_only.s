	.build_version macos, 11, 0
	.globl _main
	.text
_main:
	pushq %rbp
	movq %rsp, %rbp
	subq $16, %rsp
	movl $0, -4(%rbp)
	movl $1, %r11d
	cmpl $1, %r11d
	je L4
	movl $1, %r11d
	cmpl $2, %r11d
	je L7
	jmp L3
L4:
	movl $0, -8(%rbp)
L8:
	cmpl $10, -8(%rbp)
	jge L5
	cmpl $4, -8(%rbp)
	jne L9
	jmp L5
L9:
L6:
	movl -8(%rbp), %ecx
	addl $1, -8(%rbp)
	jmp L8
L5:
	movl -8(%rbp), %r10d
	movl %r10d, -4(%rbp)
L7:
	movl -4(%rbp), %ecx
	addl $10, %ecx
	movl %ecx, -4(%rbp)
L3:
	movl -4(%rbp), %eax
	leave
	ret
	movl $0, %eax
	leave
	ret
	.subsections_via_symbols
