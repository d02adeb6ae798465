	.build_version macos, 11, 0
	.globl _ack
	.text
_ack:
	pushq %rbp
	movq %rsp, %rbp
	subq $16, %rsp
	movl %edi, -4(%rbp)
	movl %esi, -8(%rbp)
	cmpl $0, -4(%rbp)
	jne L3
	movl -8(%rbp), %ecx
	addl $1, %ecx
	movl %ecx, %eax
	leave
	ret
L3:
	cmpl $0, -8(%rbp)
	jne L4
	movl -4(%rbp), %ecx
	subl $1, %ecx
	movl %ecx, %edi
	movl $1, %esi
	call _ack
	movl %eax, %ecx
	movl %ecx, %eax
	leave
	ret
L4:
	movl -4(%rbp), %r10d
	movl %r10d, -12(%rbp)
	subl $1, -12(%rbp)
	movl -8(%rbp), %ecx
	subl $1, %ecx
	movl -4(%rbp), %edi
	movl %ecx, %esi
	call _ack
	movl %eax, %ecx
	movl -12(%rbp), %edi
	movl %ecx, %esi
	call _ack
	movl %eax, %ecx
	movl %ecx, %eax
	leave
	ret
	movl $0, %eax
	leave
	ret
	.globl _main
	.text
_main:
	pushq %rbp
	movq %rsp, %rbp
	movl $2, %edi
	movl $3, %esi
	call _ack
	movl %eax, %ecx
	movl %ecx, %eax
	leave
	ret
	movl $0, %eax
	leave
	ret
	.subsections_via_symbols
