	.build_version macos, 11, 0
	.globl _main
	.text
_main:
	pushq %rbp
	movq %rsp, %rbp
	subq $32, %rsp
	movl $0, -4(%rbp)
	movl $1, %r11d
	cmpl $1, %r11d
	sete %al
	movzbl %al, %eax
	movl %eax, -8(%rbp)
	cmpl $0, -8(%rbp)
	jne L4
	movl $1, %r11d
	cmpl $2, %r11d
	sete %al
	movzbl %al, %eax
	movl %eax, -12(%rbp)
	cmpl $0, -12(%rbp)
	jne L7
	jmp L3
L4:
	movl $0, -16(%rbp)
L10:
	cmpl $10, -16(%rbp)
	setl %al
	movzbl %al, %eax
	movl %eax, -20(%rbp)
	cmpl $0, -20(%rbp)
	je L5
	cmpl $4, -16(%rbp)
	sete %al
	movzbl %al, %eax
	movl %eax, -24(%rbp)
	cmpl $0, -24(%rbp)
	je L13
	jmp L5
L13:
L6:
	movl -16(%rbp), %r10d
	movl %r10d, -28(%rbp)
	movl -16(%rbp), %r10d
	movl %r10d, -16(%rbp)
	addl $1, -16(%rbp)
	jmp L10
L5:
	movl -16(%rbp), %r10d
	movl %r10d, -4(%rbp)
L7:
	movl -4(%rbp), %r10d
	movl %r10d, -32(%rbp)
	addl $10, -32(%rbp)
	movl -32(%rbp), %r10d
	movl %r10d, -4(%rbp)
L3:
	movl -4(%rbp), %eax
	movq %rbp, %rsp
	popq %rbp
	ret
	movl $0, %eax
	movq %rbp, %rsp
	popq %rbp
	ret
	.subsections_via_symbols
